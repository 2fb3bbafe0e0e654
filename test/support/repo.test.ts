import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, samplesDir } from './repo.ts';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('test support: where the repository and the samples are', () => {
  it('finds the repository root from its own file, whatever the working directory', () => {
    expect(existsSync(join(repoRoot(), 'pnpm-workspace.yaml'))).toBe(true);
    expect(existsSync(join(samplesDir(), 'articles'))).toBe(true);
  });

  it('says what is missing and where it looked when the samples are not there', () => {
    const parent = mkdtempSync(join(tmpdir(), 'noticias-no-samples-'));
    scratch.push(parent);
    const root = join(parent, 'repo');
    mkdirSync(join(parent, 'shared', 'samples', 'articles'), { recursive: true });
    expect(() => samplesDir(root)).toThrow(/shared samples are missing: no .*fragments.*beside the repository's root/s);
  });
});
