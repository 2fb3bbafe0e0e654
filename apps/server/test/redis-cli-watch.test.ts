import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '@noticias/client';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/repo.ts';
import { useRedisNodes } from './support/redis-nodes.ts';
import { gate, gatedPipeline, sampleJson } from './support/server.ts';

// `pnpm cli watch` as a person runs it, against an api process that is restarted under it.

const nodes = useRedisNodes();
const cli = join(repoRoot(), 'packages/client/src/cli/main.ts');

describe('pnpm cli watch over Redis', () => {
  it('keeps watching across a restart of the api process and sees the final state', async () => {
    const open = gate();
    const first = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' }, { wrapPipeline: (real) => gatedPipeline(real, open) });
    const client = createClient({ url: first.url });
    const { job } = await client.processFragment.mutate({
      fragmento: sampleJson('fragments', '01-informe-fragmento.json') as never,
      mode: 'async',
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@noticias/source', cli, 'watch', job.job_id, '--url', first.url],
      { cwd: repoRoot() },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // The CLI is following live once the first process has a listener for the job.
      await expect.poll(() => first.tracker.listenerCount() > 0, { timeout: 30_000 }).toBe(true);
      const port = Number(new URL(first.url).port);
      await first.close();
      // Its successor on the same address; the job runs to the end while the CLI reconnects.
      await nodes.node({ role: 'api' }, { port });
      open.open();
      expect(await exited, stderr).toBe(0);
      expect(stdout).toContain(`Job ${job.job_id}: completed (100%)`);
    } finally {
      open.open();
      child.kill();
    }
  }, 60_000);
});
