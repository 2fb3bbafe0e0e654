import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startMain } from './support/main-process.ts';
import { getJson, postJson, sampleJson, VERSION } from './support/server.ts';

// `pnpm start` runs the JavaScript that `tsc -b tsconfig.build.json` emits, with plain node: no
// tsx, no source condition. Everything else in the suite runs from the TypeScript sources, so only
// this test would notice an emitted import that Node can't resolve (a `.ts` specifier left in, a
// package export without a compiled default, the worker thread's entry, the JSON import).
describe('the compiled server (what `pnpm start` runs)', () => {
  beforeAll(buildServer, 300_000);

  it('answers /health, runs an article in its worker thread, and stops with 0 on SIGTERM', async () => {
    const server = await startMain({ entry: 'compiled' });
    const url = `http://127.0.0.1:${server.port}`;
    const health = await getJson(`${url}/health`);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('healthy');

    const done = await postJson(`${url}/procesar_articulo`, sampleJson('articles', '01-presupuestos-es.json'));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ success: true, api_version: VERSION });
    expect(done.body.data.tipo_procesamiento).toBe('articulo_completo');
    expect(done.body.data.fase_2_extraccion.entidades_extraidas.length).toBeGreaterThan(0);

    const { code, lines, stderr } = await server.stop();
    expect(code, stderr).toBe(0);
    expect(lines.find((l) => l.msg === 'server listening')).toMatchObject({ version: VERSION, extractor: 'offline' });
    expect(lines.at(-1)?.msg).toBe('server stopped');
  });
});
