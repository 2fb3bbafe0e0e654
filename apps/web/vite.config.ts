import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, loadEnv, type Plugin } from 'vite';

/**
 * Writes .br and .gz beside each emitted asset: the server sends them as they are
 * (@fastify/static `preCompressed`) instead of compressing on every request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'noticias-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const dir = join(outDir, 'assets');
      for (const file of await readdir(dir)) {
        if (!/\.(js|css|svg)$/.test(file)) continue;
        const body = await readFile(join(dir, file));
        await writeFile(join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
        await writeFile(join(dir, `${file}.br`), brotliCompressSync(body));
      }
    },
  };
}

// `pnpm dev:web`: Vite with hot reload; tRPC calls and streams go to a running server
// (NOTICIAS_SERVER_URL, default http://localhost:8000).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, import.meta.dirname, 'NOTICIAS_');
  return {
    root: import.meta.dirname,
    plugins: [react(), precompress()],
    // The client exposes its TypeScript sources under this condition: no client build needed.
    resolve: { conditions: ['@noticias/source', ...defaultClientConditions] },
    server: {
      proxy: { '/trpc': { target: env.NOTICIAS_SERVER_URL ?? 'http://localhost:8000', changeOrigin: true } },
    },
    build: { outDir: join(import.meta.dirname, 'dist'), emptyOutDir: true, target: 'es2022' },
  };
});
