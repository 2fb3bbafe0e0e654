import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where tests find files outside their package: found from this file's place in the repository,
// never from the working directory or a machine's absolute path.

/** The repository's root: the nearest folder above this file that holds pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}: not inside the repository?`);
    dir = parent;
  }
  return dir;
}

/**
 * The shared samples (articles/, fragments/, invalid/), which live beside the repository in
 * `../shared/samples`. Fails with what is missing and where it was looked for.
 */
export function samplesDir(root = repoRoot()): string {
  const dir = join(root, '..', 'shared', 'samples');
  for (const sub of ['articles', 'fragments', 'invalid']) {
    if (!existsSync(join(dir, sub))) {
      throw new Error(
        `The shared samples are missing: no ${join(dir, sub)}. Tests expect ../shared/samples ` +
          `(articles/, fragments/, invalid/) beside the repository's root (${root}).`,
      );
    }
  }
  return dir;
}
