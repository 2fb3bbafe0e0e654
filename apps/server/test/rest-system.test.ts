import { describe, expect, it } from 'vitest';
import { getJson, postJson, sampleJson, useServers, VERSION } from './support/server.ts';

const server = useServers();

describe('system paths', () => {
  it('GET /health', async () => {
    const s = await server();
    const { status, body } = await getJson(`${s.url}/health`);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'healthy', message: 'API del Pipeline de Noticias está operativo.' });
  });

  it('GET /metrics keeps the old series and counts what happened', async () => {
    const s = await server();
    await postJson(`${s.url}/procesar_articulo`, sampleJson('articles', '03-inflacion-ar.json'));
    await postJson(`${s.url}/procesar_fragmento`, sampleJson('fragments', '01-informe-fragmento.json'));
    await postJson(`${s.url}/procesar_fragmento`, sampleJson('fragments', '02-ley-fragmento.json'));
    const response = await fetch(`${s.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('pipeline_articles_processed_total')).toBe(1);
    expect(value('pipeline_fragments_processed_total')).toBe(2);
    expect(value('pipeline_errors_total')).toBe(0);
    expect(value('jobs_completed_total')).toBe(3);
    expect(value('jobs_total')).toBe(3);
    expect(value('jobs_pending_total')).toBe(0);
    expect(value('jobs_processing_total')).toBe(0);
    expect(value('jobs_failed_total')).toBe(0);
    expect(value('system_uptime_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/v1/openapi.json documents the REST paths with the contract schemas', async () => {
    const s = await server();
    const { status, body } = await getJson(`${s.url}/api/v1/openapi.json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.info.version).toBe(VERSION);
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/api/v1/openapi.json',
        '/health',
        '/metrics',
        '/procesar_articulo',
        '/procesar_fragmento',
        '/status/{job_id}',
        '/status/{job_id}/cancel',
      ].sort(),
    );
    expect(body.components.schemas.Articulo.required).toEqual([
      'medio',
      'pais_publicacion',
      'tipo_medio',
      'titular',
      'fecha_publicacion',
      'contenido_texto',
    ]);
    expect(Object.keys(body.paths['/procesar_articulo'].post.responses).sort()).toEqual([
      '200',
      '202',
      '400',
      '401',
      '403',
      '409',
      '413',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/procesar_articulo'].post.parameters.map((p: { name: string }) => p.name)).toContain(
      'Idempotency-Key',
    );
    expect(body.paths['/procesar_articulo'].post.responses['202'].headers).toHaveProperty('Idempotent-Replayed');
    expect(Object.keys(body.paths['/status/{job_id}/cancel'].post.responses).sort()).toEqual([
      '202',
      '401',
      '403',
      '404',
      '409',
      '429',
    ]);
    const statusGet = body.paths['/status/{job_id}'].get;
    expect(statusGet.parameters.map((p: { name: string }) => p.name)).toEqual([
      'job_id',
      'wait',
      'access_token',
      'If-None-Match',
      'Accept',
      'Last-Event-ID',
    ]);
    expect(Object.keys(statusGet.responses.default ?? statusGet.responses).sort()).toEqual([
      '200',
      '304',
      '400',
      '401',
      '403',
      '404',
      '429',
    ]);
    expect(statusGet.responses['200'].content).toHaveProperty('text/event-stream');
    expect(body.components.schemas.Error.properties.error.enum).toEqual(
      expect.arrayContaining(['conflict', 'idempotency_conflict', 'unauthorized', 'forbidden', 'rate_limited']),
    );
  });
});

describe('retention and cap, seen through /status', () => {
  it('a finished job disappears after the retention period (404)', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const s = await server({ jobRetentionMs: 60_000 }, { tracker: { clock: { now: () => now } } });
    const done = await postJson(`${s.url}/procesar_fragmento`, sampleJson('fragments', '01-informe-fragmento.json'));
    const url = `${s.url}/status/${done.body.job_id}`;

    now += 59_000;
    await s.tracker.sweep();
    expect((await getJson(url)).status).toBe(200);
    now += 2_000;
    await s.tracker.sweep();
    const gone = await getJson(url);
    expect(gone.status).toBe(404);
    expect(gone.body.mensaje).toBe(`Job con ID '${done.body.job_id}' no encontrado. Verifique que el ID sea correcto.`);
  });

  it('at the cap, the oldest finished job goes first', async () => {
    const s = await server({ jobMaxStored: 2 });
    const ids: string[] = [];
    for (const file of ['01-informe-fragmento.json', '02-ley-fragmento.json', '01-informe-fragmento.json']) {
      ids.push((await postJson(`${s.url}/procesar_fragmento`, sampleJson('fragments', file))).body.job_id);
    }
    const statuses = await Promise.all(ids.map(async (id) => (await getJson(`${s.url}/status/${id}`)).status));
    expect(statuses).toEqual([404, 200, 200]);
  });
});
