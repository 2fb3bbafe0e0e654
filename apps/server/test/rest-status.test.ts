import { PIPELINE_PHASES, type JobMetadata, type JobSnapshot } from '@noticias/contract';
import { describe, expect, it } from 'vitest';
import { compileSerializer, statusResponseSchema } from '../src/rest/schemas.ts';
import { ISO_Z, useServers, VERSION, type JsonBody, type TestServer } from './support/server.ts';

const server = useServers();

const article: JobMetadata = {
  tipo: 'articulo',
  medio: 'El Diario',
  titular: 'Titular con "comillas", tildes (áéí) y \\ barra',
  fecha_publicacion: '2026-11-30T08:00:00Z',
  longitud_contenido: 12_345,
};
const fragment: JobMetadata = {
  tipo: 'fragmento',
  id_fragmento: 'frag-1',
  id_articulo_fuente: 'art-1',
  longitud_texto: 321,
  orden_en_articulo: null,
};

/**
 * The `/status` answer for the job's current version, checked against the tracker's own snapshot:
 * `data` is the snapshot, key for key in the same order (so nothing the schema does not know is
 * dropped or reordered), and the body is what the documented response schema writes.
 */
async function expectStatusMatchesTracker(s: TestServer, jobId: string): Promise<JobSnapshot> {
  const snapshot = (await s.tracker.get(jobId))!;
  const response = await fetch(`${s.url}/status/${jobId}`);
  const text = await response.text();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body: JsonBody = JSON.parse(text);
  expect(body.data).toStrictEqual(JSON.parse(JSON.stringify(snapshot)));
  expect(JSON.stringify(body.data)).toBe(JSON.stringify(snapshot));
  expect(text).toBe(compileSerializer<unknown>(statusResponseSchema)(body));
  expect(body).toMatchObject({
    success: true,
    request_id: jobId,
    api_version: VERSION,
    timestamp: expect.stringMatching(ISO_Z),
  });
  return snapshot;
}

describe('/status data is the tracker snapshot, for every version of a job', () => {
  it.each([
    ['article', 'articulo', article],
    ['fragment', 'fragmento', fragment],
  ] as const)('%s: pending, processing in each phase, completed', async (_name, kind, metadata) => {
    const s = await server();
    const { job_id: id } = await s.tracker.create({ kind, metadata });
    const seen = [await expectStatusMatchesTracker(s, id)];
    await s.tracker.start(id);
    seen.push(await expectStatusMatchesTracker(s, id));
    for (const [index, phase] of PIPELINE_PHASES.entries()) {
      await s.tracker.progress(id, {
        percentage: (index + 1) * 20,
        message: `Fase ${phase}`,
        phase,
        phase_index: index + 1,
        phase_count: PIPELINE_PHASES.length,
      });
      seen.push(await expectStatusMatchesTracker(s, id));
    }
    await s.tracker.complete(id, {
      fragmento_id: 'frag-1',
      fragmento_uuid: '6f1c2b7e-1d2a-4c3b-9e4f-0a1b2c3d4e5f',
      tiempo_procesamiento_segundos: 1.25,
      elementos_extraidos: { hechos: 3, entidades: 4, citas: 1, datos_cuantitativos: 2 },
    });
    seen.push(await expectStatusMatchesTracker(s, id));
    expect(seen.map((snapshot) => snapshot.status)).toEqual([
      'pending',
      'processing',
      ...PIPELINE_PHASES.map(() => 'processing'),
      'completed',
    ]);
    expect(seen.map((snapshot) => snapshot.progress.phase ?? null)).toEqual([null, null, ...PIPELINE_PHASES, null]);
    expect(seen.at(-1)).toHaveProperty('result');
    expect(seen.at(-1)!.metadata).toHaveProperty('duracion_segundos');
  });

  it.each([
    ['while pending', false, null],
    ['in a phase', true, 'citas_datos'],
  ] as const)('failed %s', async (_name, started, fase) => {
    const s = await server();
    const { job_id: id } = await s.tracker.create({ kind: 'fragmento', metadata: fragment });
    if (started) {
      await s.tracker.start(id);
      await s.tracker.progress(id, {
        percentage: 60,
        message: 'Fase citas',
        phase: 'citas_datos',
        phase_index: 3,
        phase_count: 4,
      });
      await expectStatusMatchesTracker(s, id);
    }
    await s.tracker.fail(id, { tipo: 'pipeline_error', mensaje: "El pipeline falló en la fase 'citas_datos'", fase });
    const failed = await expectStatusMatchesTracker(s, id);
    expect(failed).toMatchObject({ status: 'failed', error: { tipo: 'pipeline_error', fase } });
  });
});
