import type { AppRouter } from '@noticias/api';
import type { ArticleInput, FragmentInput } from '@noticias/contract';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { TRPC_PATHS } from './support/fast-pair.ts';
import { gate, gatedPipeline, history, sampleJson, useServers, type TestServer } from './support/server.ts';

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths }));

function client(s: TestServer, batch = true) {
  const url = `${s.url}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [batch ? httpBatchLink({ url, transformer: superjson }) : httpLink({ url, transformer: superjson })],
  });
}

const article = () => sampleJson('articles', '01-presupuestos-es.json') as unknown as ArticleInput;
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

describe.each(TRPC_PATHS)('tRPC over HTTP with @trpc/client ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('processArticle waits and returns the typed result tree; getStatus sees the completed job', async () => {
    const s = await server();
    const trpc = client(s);
    const out = await trpc.processArticle.mutate({ articulo: article() });
    expect(out.mode).toBe('wait');
    if (out.mode !== 'wait') return;
    expectTypeOf(out.result.tipo_procesamiento).toEqualTypeOf<'articulo_completo'>();
    expect(out.result.tipo_procesamiento).toBe('articulo_completo');
    expect(out.result.request_id).toBe(out.job.job_id);
    const status = await trpc.getStatus.query({ jobId: out.job.job_id });
    expect(status.status).toBe('completed');
    expect(status.result?.elementos_extraidos.hechos).toBe(out.result.fase_2_extraccion.hechos_extraidos.length);
  });

  it('processFragment in async mode, then the job completes with the same summary as a waited one', async () => {
    const s = await server();
    const trpc = client(s);
    const accepted = await trpc.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    expect(accepted.mode).toBe('async');
    const seen = await history(s.tracker, accepted.job.job_id);
    expect(seen.map((j) => j.progress.phase).filter(Boolean)).toEqual([
      'triaje',
      'extraccion',
      'citas_datos',
      'normalizacion',
    ]);
    const waited = await trpc.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    const background = await trpc.getStatus.query({ jobId: accepted.job.job_id });
    expect(background.result?.elementos_extraidos).toEqual(waited.job.result?.elementos_extraidos);
    expect(background.result?.fragmento_id).toBe(waited.job.result?.fragmento_id);
  });

  it('auto mode follows the REST threshold rule', async () => {
    const s = await server({ asyncThreshold: 100 });
    const out = await client(s).processFragment.mutate({ fragmento: fragment() });
    expect(out.mode).toBe('async');
  });

  it('validation errors carry the contract detalles and create no job', async () => {
    const s = await server();
    const error = await rejection(
      client(s).processArticle.mutate({
        articulo: { ...article(), contenido_texto: 'corto', medio: undefined } as unknown as ArticleInput,
      }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Error en la validación del artículo');
    expect(error.data?.detalles).toEqual([
      "Campo 'medio' es requerido",
      "Campo 'contenido_texto' debe tener al menos 50 caracteres",
    ]);
    expect((await s.tracker.stats()).total).toBe(0);
  });

  it('unknown ids are NOT_FOUND', async () => {
    const s = await server();
    const error = await rejection(client(s).getStatus.query({ jobId: 'req_ffffffffffffffffffffffffffffffff' }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, apiCode: 'JOB_NOT_FOUND' });
  });

  it('over capacity is a typed SERVICE_UNAVAILABLE with retryAfterSeconds', async () => {
    const held = gate();
    const s = await server(
      { pipelineConcurrency: 1, queueMax: 0 },
      { wrapPipeline: (real) => gatedPipeline(real, held) },
    );
    const trpc = client(s);
    await trpc.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const error = await rejection(trpc.processFragment.mutate({ fragmento: fragment(), mode: 'async' }));
    expect(error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, apiCode: 'SERVICE_UNAVAILABLE' });
    expect(error.data?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    held.open();
  });

  it('listJobs pages by status and stats counts; batched calls share one request', async () => {
    const s = await server();
    const trpc = client(s);
    await trpc.processFragment.mutate({ fragmento: fragment() });
    await trpc.processArticle.mutate({ articulo: article() });
    const [page, stats] = await Promise.all([
      trpc.listJobs.query({ status: 'completed', limit: 1 }),
      trpc.stats.query(),
    ]);
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await trpc.listJobs.query({ status: 'completed', limit: 1, cursor: page.nextCursor });
    expect(next.items[0]?.job_id).not.toBe(page.items[0]?.job_id);
    expect(stats.jobs.counts.completed).toBe(2);
    expect(stats.runner.concurrency).toBe(s.config.pipelineConcurrency);
  });

  it('refuses batches larger than TRPC_MAX_BATCH_SIZE', async () => {
    const s = await server({ trpcMaxBatchSize: 2 });
    const trpc = client(s);
    const calls = [1, 2, 3].map(() => trpc.stats.query());
    const results = await Promise.allSettled(calls);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await client(s, false).stats.query()).toHaveProperty('accepting', true);
  });
});
