import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One root config: `vitest run` finds every package's tests. Internal packages export their
// TypeScript sources; the client (which is built for publishing) exposes its sources under the
// `@noticias/source` condition, so tests never need a build first.
export default defineConfig({
  ssr: { resolve: { conditions: ['@noticias/source', ...defaultServerConditions] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
