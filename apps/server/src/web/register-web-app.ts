import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `pnpm --filter @noticias/web build` writes the page, found from this file (never an absolute path). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Vite names these by content hash: a changed file gets a new name, so they never need revalidating. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Noticias: página no construida</title></head>
<body><h1>La página web no está construida</h1>
<p>Ejecute <code>pnpm build</code> (o <code>pnpm --filter @noticias/web build</code>) y vuelva a cargar.
La API REST y tRPC funcionan con normalidad.</p></body></html>`;

/**
 * Serves the single-page app (apps/web) at `/`. Only the files of the build get routes
 * (`wildcard: false`), and the page routes with the URL hash, so no catch-all can shadow the REST
 * paths (/status, /health, /metrics, /procesar_*, /trpc, /api) or their 404s. Without a build the
 * server still starts and `/` says how to build it.
 */
export async function registerWebApp(app: FastifyInstance, root: string = DEFAULT_WEB_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ web_root: root }, 'web page not built: / explains how to build it');
    app.get('/', async (_request, reply) =>
      reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // The build writes .br and .gz next to each asset; the smallest one the browser accepts is sent.
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      void reply.header('cache-control', path.includes('/assets/') ? IMMUTABLE : 'no-cache');
    },
  });
}
