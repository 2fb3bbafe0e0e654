import { defineConfig } from 'vitest/config';

// One root config: `vitest run` finds every package's tests. Packages export their
// TypeScript sources directly, so no build step is needed before testing.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
