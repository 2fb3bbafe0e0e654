import { describe, expect, it } from 'vitest';
import { failingAt } from './support/failing-pipeline.ts';
import {
  FRESH_ID,
  gate,
  gatedPipeline,
  getJson,
  history,
  ISO_Z,
  postJson,
  sampleFiles,
  sampleJson,
  useServers,
  VERSION,
  type JsonBody,
} from './support/server.ts';

const server = useServers();

const JOB_ID = /^req_[0-9a-z]{24,}$/;

function expectResultTree(data: JsonBody) {
  for (const key of ['fase_1_triaje', 'fase_2_extraccion', 'fase_3_citas_datos', 'fase_4_normalizacion', 'metricas']) {
    expect(data).toHaveProperty(key);
  }
  expect(Array.isArray(data.fase_2_extraccion.hechos_extraidos)).toBe(true);
  expect(Array.isArray(data.fase_4_normalizacion.relaciones.hecho_entidad)).toBe(true);
  expect(typeof data.procesamiento_exitoso).toBe('boolean');
  expect(Object.keys(data.metricas.tiempos_fases)).toEqual(['fase1', 'fase2', 'fase3', 'fase4']);
}

function expectedSummary(data: JsonBody) {
  return {
    fragmento_id: data.fragmento_id,
    fragmento_uuid: data.fragmento_uuid,
    tiempo_procesamiento_segundos: expect.any(Number),
    elementos_extraidos: {
      hechos: data.fase_2_extraccion.hechos_extraidos.length,
      entidades: data.fase_2_extraccion.entidades_extraidas.length,
      citas: data.fase_3_citas_datos.citas_textuales_extraidas.length,
      datos_cuantitativos: data.fase_3_citas_datos.datos_cuantitativos_extraidos.length,
    },
  };
}

describe('200: short content waits for the full result tree', () => {
  it.each(sampleFiles('articles'))('article %s', async (file) => {
    const s = await server();
    const { status, body, headers } = await postJson(`${s.url}/procesar_articulo`, sampleJson('articles', file));
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, api_version: VERSION });
    expect(body.job_id).toMatch(JOB_ID);
    expect(body.request_id).toBe(body.job_id);
    expect(body.timestamp).toMatch(ISO_Z);
    expect(headers.get('x-request-id')).toMatch(FRESH_ID);
    expectResultTree(body.data);
    expect(body.data).toMatchObject({
      tipo_procesamiento: 'articulo_completo',
      numero_fragmentos: 1,
      request_id: body.job_id,
    });
    expect(body.data.metricas_contenido.threshold_articulo_largo).toBe(10_000);

    const statusResponse = await getJson(`${s.url}/status/${body.job_id}`);
    expect(statusResponse.body.data).toMatchObject({
      job_id: body.job_id,
      status: 'completed',
      result: expectedSummary(body.data),
    });
    expect(statusResponse.body.data.metadata).toMatchObject({
      tipo: 'articulo',
      longitud_contenido: expect.any(Number),
    });
  });

  it.each(sampleFiles('fragments'))('fragment %s, bare and wrapped', async (file) => {
    const s = await server();
    const fragment = sampleJson('fragments', file);
    for (const body of [fragment, { fragmento: fragment }]) {
      const response = await postJson(`${s.url}/procesar_fragmento`, body);
      expect(response.status).toBe(200);
      expectResultTree(response.body.data);
      expect(response.body.data.fragmento_id).toBe(fragment.id_fragmento);
      const status = await getJson(`${s.url}/status/${response.body.job_id}`);
      expect(status.body.data.result).toEqual(expectedSummary(response.body.data));
      expect(status.body.data.metadata).toMatchObject({ tipo: 'fragmento', id_fragmento: fragment.id_fragmento });
    }
  });
});

describe('202: long content and Prefer: respond-async run in the background', () => {
  it('an article longer than the threshold', async () => {
    const s = await server({ asyncThreshold: 500 });
    const article = sampleJson('articles', '01-presupuestos-es.json');
    const length = (article.contenido_texto as string).length;
    const { status, body, headers } = await postJson(`${s.url}/procesar_articulo`, { articulo: article });
    expect(status).toBe(202);
    expect(headers.get('location')).toBe(`/status/${body.job_id}`);
    expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(body).toEqual({
      success: true,
      request_id: body.job_id,
      job_id: body.job_id,
      timestamp: expect.stringMatching(ISO_Z),
      api_version: VERSION,
      status: expect.stringMatching(/^(pending|processing)$/),
      message: 'Artículo largo recibido. Procesamiento iniciado en background.',
      tracking: {
        job_id: body.job_id,
        estimated_time_seconds: length / 100,
        check_status_endpoint: `/status/${body.job_id}`,
      },
      metadata: { longitud_caracteres: length, es_articulo_largo: true, threshold_usado: 500 },
      read_token: expect.stringMatching(/^rt1\./),
    });
    const seen = await history(s.tracker, body.job_id);
    expect(seen.at(-1)?.status).toBe('completed');
  });

  it('a fragment with Prefer: respond-async, at any size', async () => {
    const s = await server();
    const fragment = sampleJson('fragments', '02-ley-fragmento.json');
    const { status, body, headers } = await postJson(`${s.url}/procesar_fragmento`, fragment, {
      prefer: 'respond-async, wait=5',
    });
    expect(status).toBe(202);
    expect(headers.get('location')).toBe(`/status/${body.job_id}`);
    expect(body.message).toBe('Fragmento largo recibido. Procesamiento iniciado en background.');
    expect(headers.get('preference-applied')).toBe('respond-async');
    expect(body.metadata).toMatchObject({
      id_fragmento: fragment.id_fragmento,
      es_fragmento_largo: false,
      threshold_usado: 10_000,
    });
  });

  it('/status goes pending -> processing -> the four phases -> completed, with the same summary as a foreground run', async () => {
    const s = await server();
    const fragment = sampleJson('fragments', '01-informe-fragmento.json');
    const background = await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' });
    const seen = await history(s.tracker, background.body.job_id);

    const steps = seen.map((snap) =>
      snap.status === 'processing' ? (snap.progress.phase ?? 'processing') : snap.status,
    );
    expect(steps).toEqual([
      'pending',
      'processing',
      'triaje',
      'extraccion',
      'citas_datos',
      'normalizacion',
      'completed',
    ]);
    const percentages = seen.map((snap) => snap.progress.percentage);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(seen.at(-1)?.progress).toMatchObject({ percentage: 100, message: 'Procesamiento completado exitosamente' });

    const viaRest = await getJson(`${s.url}/status/${background.body.job_id}`);
    expect(viaRest.body).toMatchObject({ success: true, request_id: background.body.job_id, api_version: VERSION });
    expect(viaRest.body.data).toEqual(JSON.parse(JSON.stringify(seen.at(-1))));

    const foreground = await postJson(`${s.url}/procesar_fragmento`, fragment);
    const foregroundStatus = await getJson(`${s.url}/status/${foreground.body.job_id}`);
    const { fragmento_uuid: _a, tiempo_procesamiento_segundos: _b, ...fg } = foregroundStatus.body.data.result;
    const { fragmento_uuid: _c, tiempo_procesamiento_segundos: _d, ...bg } = viaRest.body.data.result;
    expect(bg).toEqual(fg);
    expect(Object.keys(viaRest.body.data.result).sort()).toEqual(Object.keys(foregroundStatus.body.data.result).sort());
  });

  it('/status shows pending with the contract message while a job waits for a slot', async () => {
    const held = gate();
    const s = await server({ pipelineConcurrency: 1 }, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const fragment = sampleJson('fragments', '01-informe-fragmento.json');
    const first = await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' });
    const second = await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' });
    expect(second.body.status).toBe('pending');
    const waiting = await getJson(`${s.url}/status/${second.body.job_id}`);
    expect(waiting.body.data.status).toBe('pending');
    expect(waiting.body.data.progress).toEqual({ percentage: 0, message: 'Job en cola, esperando procesamiento' });
    expect((await getJson(`${s.url}/status/${first.body.job_id}`)).body.data.status).toBe('processing');
    held.open();
    expect((await history(s.tracker, second.body.job_id)).at(-1)?.status).toBe('completed');
  });
});

describe('a failing pipeline', () => {
  it('background: the job ends failed with tipo, mensaje and fase', async () => {
    const s = await server({}, { wrapPipeline: failingAt('extraccion') });
    const { body } = await postJson(
      `${s.url}/procesar_fragmento`,
      sampleJson('fragments', '01-informe-fragmento.json'),
      {
        prefer: 'respond-async',
      },
    );
    await history(s.tracker, body.job_id);
    const status = await getJson(`${s.url}/status/${body.job_id}`);
    expect(status.body.data).toMatchObject({
      status: 'failed',
      progress: { message: 'Procesamiento falló con errores' },
      error: {
        tipo: 'pipeline_error',
        mensaje: "El pipeline falló en la fase 'extraccion'",
        fase: 'extraccion',
        timestamp: expect.stringMatching(ISO_Z),
      },
    });
    expect(JSON.stringify(status.body)).not.toContain('10.0.0.7');
  });

  it('foreground: 500 internal_error with a support code and nothing internal', async () => {
    const s = await server({}, { wrapPipeline: failingAt('extraccion') });
    const { status, body } = await postJson(
      `${s.url}/procesar_articulo`,
      sampleJson('articles', '02-incendio-es.json'),
    );
    expect(status).toBe(500);
    expect(Object.keys(body).sort()).toEqual(['error', 'mensaje', 'request_id', 'support_code', 'timestamp']);
    expect(body).toMatchObject({ error: 'internal_error', mensaje: 'Error interno del pipeline' });
    expect(body.support_code).toMatch(/^ERR_PIPE_EXTRACCION_\d{10}$/);
    expect(JSON.stringify(body)).not.toContain('10.0.0.7');
  });
});

describe('503 when full', () => {
  it('queue full: refused with retry_after and Retry-After, no job created', async () => {
    const held = gate();
    const s = await server(
      { pipelineConcurrency: 1, queueMax: 1 },
      { wrapPipeline: (real) => gatedPipeline(real, held) },
    );
    const fragment = sampleJson('fragments', '01-informe-fragmento.json');
    const accepted = [];
    for (let i = 0; i < 2; i++)
      accepted.push(await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' }));
    expect(accepted.map((r) => r.status)).toEqual([202, 202]);

    const refused = await postJson(`${s.url}/procesar_fragmento`, fragment);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: 'service_unavailable', mensaje: expect.any(String) });
    expect(refused.body.retry_after).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.retry_after));
    expect(refused.body.request_id).toMatch(FRESH_ID);
    expect((await s.tracker.stats()).total).toBe(2);

    held.open();
    for (const r of accepted) expect((await history(s.tracker, r.body.job_id)).at(-1)?.status).toBe('completed');
  });

  it('job store full of unfinished jobs: 503', async () => {
    const held = gate();
    const s = await server({ jobMaxStored: 1 }, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const fragment = sampleJson('fragments', '01-informe-fragmento.json');
    expect((await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' })).status).toBe(202);
    const refused = await postJson(`${s.url}/procesar_fragmento`, fragment, { prefer: 'respond-async' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('service_unavailable');
    held.open();
  });
});
