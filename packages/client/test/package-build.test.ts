import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = join(import.meta.dirname, '..');
const tsc = join(pkgDir, '../../node_modules/typescript/bin/tsc');

// The real build (tsc with tsconfig.build.json) into a scratch copy of the package, then the
// checks a consumer depends on. tsc dominates this file's time (several seconds).
describe('built package', () => {
  let scratch: string;
  let dir: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'noticias-client-build-'));
    dir = join(scratch, 'pkg');
    await run(process.execPath, [tsc, '-p', join(pkgDir, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')]);
    await cp(join(pkgDir, 'package.json'), join(dir, 'package.json'));
    await cp(join(pkgDir, 'README.md'), join(dir, 'README.md'));
    // The scratch copy resolves its dependencies where the package does.
    await symlink(join(pkgDir, 'node_modules'), join(dir, 'node_modules'));
    // A consumer that installed it, to resolve it by name through `exports`.
    await mkdir(join(scratch, 'consumer/node_modules/@noticias'), { recursive: true });
    await symlink(dir, join(scratch, 'consumer/node_modules/@noticias/client'));
  }, 120_000);
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('passes publint, packed as npm would pack it', async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, level: 'suggestion', pack: 'npm' });
    expect(messages.map((message) => `${message.type} ${message.code}: ${formatMessage(message, pkg)}`)).toEqual([]);
  }, 60_000);

  it('emits ESM with declarations for both entries and an executable CLI', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    for (const target of [
      manifest.exports['.'].types,
      manifest.exports['.'].node,
      manifest.exports['.'].default,
      manifest.bin.noticias,
    ]) {
      await expect(readFile(join(dir, target), 'utf8'), target).resolves.toBeTruthy();
    }
    expect(await readFile(join(dir, 'dist/node.d.ts'), 'utf8')).toContain('createClient');
    expect((await readFile(join(dir, 'dist/cli/main.js'), 'utf8')).startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('loads by name in plain Node (no TypeScript loader), which picks the Node entry', async () => {
    const script = `
      const sdk = await import('@noticias/client');
      const client = sdk.createClient({ url: 'http://127.0.0.1:9' });
      console.log(JSON.stringify({ exports: Object.keys(sdk), helper: typeof client.waitForJob, procedure: typeof client.getStatus.query }));
    `;
    // Node 20 has no global EventSource: only the Node entry can build a client without one.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(scratch, 'consumer'),
    });
    const loaded = JSON.parse(stdout);
    expect(loaded.exports).toEqual(
      expect.arrayContaining(['createClient', 'JobFailedError', 'JobNotFoundError', 'WaitTimeoutError']),
    );
    expect(loaded.helper).toBe('function');
    expect(loaded.procedure).toBe('function');
  });

  it('the CLI runs from the build and prints its usage', async () => {
    const { stdout } = await run(process.execPath, [join(dir, 'dist/cli/main.js'), '--help']);
    expect(stdout).toContain('pnpm cli submit <archivo.json>');
  });
});
