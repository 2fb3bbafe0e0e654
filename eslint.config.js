import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering rules: the folder tree is the architecture, so imports that cross it the
// wrong way fail lint instead of relying on review.
const layer = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const noApps = { group: ['**/apps/**', '@noticias/server'], message: 'Nothing imports from apps/.' };

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'bench/**', '**/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/contract/src/**'],
    rules: layer([
      noApps,
      { group: ['@noticias/*', 'node:*'], message: 'contract depends on nothing and has no Node-only imports.' },
    ]),
  },
  {
    files: ['packages/tracker/src/**'],
    rules: layer([
      noApps,
      {
        group: ['@noticias/pipeline', '@noticias/api', '@noticias/client', 'fastify', '@trpc/*'],
        message: 'tracker knows only the contract.',
      },
    ]),
  },
  {
    files: ['packages/pipeline/src/**'],
    rules: layer([
      noApps,
      {
        group: ['@noticias/tracker', '@noticias/api', '@noticias/client', 'fastify', '@trpc/*'],
        message: 'pipeline knows only the contract.',
      },
    ]),
  },
  {
    files: ['packages/api/src/**'],
    rules: layer([noApps, { group: ['fastify', '@noticias/client'], message: 'api is transport-agnostic.' }]),
  },
  {
    files: ['packages/client/src/**'],
    rules: layer([
      noApps,
      {
        group: ['@noticias/tracker', '@noticias/pipeline', 'fastify'],
        message: 'client imports only the contract and type AppRouter.',
      },
    ]),
  },
  {
    files: ['apps/web/src/**'],
    rules: {
      ...layer([
        noApps,
        {
          group: ['@noticias/tracker', '@noticias/pipeline', '@noticias/contract', 'fastify', 'node:*'],
          message: 'the page talks to the server through @noticias/client only.',
        },
      ]),
      // AppRouter's type is all the page takes from the server.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@noticias/api', message: 'import type { AppRouter } only.', allowTypeImports: true }] },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
