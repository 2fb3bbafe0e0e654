import { PipelineError } from '@noticias/pipeline';
import { createMemoryJobTracker } from '@noticias/tracker';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appRouter,
  createApiContextFactory,
  createCallerFactory,
  createJobRunner,
  createJobService,
  createSilentLogger,
} from '../src/index.ts';
import { createFakePipeline, deferred, fakeResult, type RunBehaviour } from './support/fake-pipeline.ts';
import { sampleArticle, sampleFragment } from './support/samples.ts';

const HOUR = 3_600_000;

interface TrpcErrorBody {
  error: {
    json: { message: string; data: Record<string, unknown> & { detalles?: string[]; retryAfterSeconds?: number } };
  };
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup(behaviour?: RunBehaviour, runner = { concurrency: 2, queueMax: 10 }) {
  const tracker = createMemoryJobTracker({ limits: { retentionMs: HOUR, timeoutMs: HOUR, sweepIntervalMs: HOUR } });
  const jobs = createJobService({
    tracker,
    pipeline: createFakePipeline(behaviour),
    runner: createJobRunner({ ...runner, timeoutMs: HOUR }),
    logger: createSilentLogger(),
    asyncThreshold: 10_000,
  });
  cleanups.push(async () => {
    await jobs.shutdown({ graceMs: 0 });
    await tracker.close();
  });
  const createContext = createApiContextFactory({ jobs });
  const caller = createCallerFactory(appRouter)(createContext());
  // The full HTTP round trip of tRPC (serialisation, error formatter) without a server.
  async function http(path: string, input: unknown): Promise<{ status: number; body: TrpcErrorBody }> {
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      router: appRouter,
      createContext,
      req: new Request(`http://test/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize(input)),
      }),
    });
    return { status: response.status, body: (await response.json()) as TrpcErrorBody };
  }
  return { tracker, jobs, caller, http };
}

describe('appRouter', () => {
  it('processFragment waits by default and returns the typed result tree', async () => {
    const { caller } = setup();
    const out = await caller.processFragment({ fragmento: sampleFragment() });
    expect(out.mode).toBe('wait');
    if (out.mode === 'wait') {
      expect(out.result.fase_2_extraccion.hechos_extraidos).toHaveLength(2);
      expect(out.job.status).toBe('completed');
    }
  });

  it('processArticle with mode async returns the job at once; getStatus and listJobs see it', async () => {
    const gate = deferred();
    const { caller } = setup(async (input) => {
      await gate.promise;
      return fakeResult(input);
    });
    const out = await caller.processArticle({ articulo: sampleArticle(), mode: 'async' });
    expect(out.mode).toBe('async');
    expect((await caller.getStatus({ jobId: out.job.job_id })).job_id).toBe(out.job.job_id);
    expect((await caller.listJobs()).items.map((j) => j.job_id)).toContain(out.job.job_id);
    expect((await caller.stats()).jobs.total).toBe(1);
    gate.resolve();
  });

  it('getResult: null before completion, then the full tree and the text its offsets point into', async () => {
    const gate = deferred();
    const { caller } = setup(async (input) => {
      await gate.promise;
      return fakeResult(input);
    });
    const fragmento = sampleFragment();
    const out = await caller.processFragment({ fragmento, mode: 'async' });
    const before = await caller.getResult({ jobId: out.job.job_id });
    expect(before.result).toBeNull();
    expect(before.text).toBeNull();
    gate.resolve();
    const done = await caller.processFragment({ fragmento, mode: 'wait' });
    const after = await caller.getResult({ jobId: done.job.job_id });
    expect(after.job.status).toBe('completed');
    expect(after.text).toBe(fragmento.texto_original);
    expect(after.result).toEqual(done.mode === 'wait' ? done.result : undefined);
    const error = await caller.getResult({ jobId: 'req_ffffffffffffffffffffffffffffffff' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('getStatus of an unknown id is NOT_FOUND', async () => {
    const { caller } = setup();
    const error = await caller.getStatus({ jobId: 'req_ffffffffffffffffffffffffffffffff' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('over capacity is SERVICE_UNAVAILABLE with retryAfterSeconds in the error data', async () => {
    const gate = deferred();
    const { http } = setup(
      async (input) => {
        await gate.promise;
        return fakeResult(input);
      },
      { concurrency: 1, queueMax: 0 },
    );
    expect((await http('processFragment', { fragmento: sampleFragment(), mode: 'async' })).status).toBe(200);
    const refused = await http('processFragment', { fragmento: sampleFragment(), mode: 'async' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.json.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', apiCode: 'SERVICE_UNAVAILABLE' });
    expect(refused.body.error.json.data.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    gate.resolve();
  });

  it('invalid input: 400 with the contract message and detalles, and no job', async () => {
    const { http, tracker } = setup();
    const { status, body } = await http('processArticle', { articulo: { titular: 'Sin contenido' } });
    expect(status).toBe(400);
    expect(body.error.json.message).toBe('Error en la validación del artículo');
    expect(body.error.json.data.detalles).toEqual([
      "Campo 'medio' es requerido",
      "Campo 'pais_publicacion' es requerido",
      "Campo 'tipo_medio' es requerido",
      "Campo 'fecha_publicacion' es requerido",
      "Campo 'contenido_texto' es requerido",
    ]);
    const fragment = await http('processFragment', { fragmento: { id_fragmento: 'x' } });
    expect(fragment.body.error.json.message).toBe('Error en la validación del fragmento');
    expect((await tracker.stats()).total).toBe(0);
  });

  it('a failed waiting job is a 500 with a support code and nothing internal', async () => {
    const { http } = setup(async () => {
      throw new PipelineError('WORKER_CRASHED', 'worker 3 exited with code 137 at /srv/worker.js', 'normalizacion');
    });
    const { status, body } = await http('processFragment', { fragmento: sampleFragment() });
    expect(status).toBe(500);
    expect(body.error.json.message).toBe('Error interno del pipeline');
    expect(body.error.json.data.supportCode).toMatch(/^ERR_PIPE_NORMALIZACION_\d{10}$/);
    expect(body.error.json.data.jobId).toMatch(/^req_/);
    expect(JSON.stringify(body)).not.toMatch(/worker 3|srv|stack/);
  });
});
