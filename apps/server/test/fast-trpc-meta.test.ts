import type { AddressInfo } from 'node:net';
import {
  appRouter,
  createApiContextFactory,
  failureOnlyMiddlewares,
  shareByInput,
  type ApiContext,
  type ApiMeta,
} from '@noticias/api';
import { createMemoryJobTracker } from '@noticias/tracker';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { initTRPC, type AnyRouter } from '@trpc/server';
import Fastify from 'fastify';
import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { registerFastTrpcRoutes } from '../src/fast-trpc/index.ts';
import { makeJob, openStream, rawRequest, readOnlyJobService, trpcUrl } from './support/fast-pair.ts';

// The fast routes read what each procedure allows them from its `meta.fast`, declared beside
// the procedure, and refuse a declaration the procedure's definition contradicts.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const t = initTRPC.context<ApiContext>().meta<ApiMeta>().create({ transformer: superjson, isDev: false });
const UNKNOWN = 'req_ffffffffffffffffffffffffffffffff';

/** The official plugin and the fast routes over `router`, listening; returns the base URL. */
async function serve(
  router: AnyRouter,
  jobs: ApiContext['jobs'],
  failureOnly: ReadonlySet<unknown> = failureOnlyMiddlewares,
): Promise<string> {
  const app = Fastify({ forceCloseConnections: true, routerOptions: { maxParamLength: 5000 } });
  cleanups.push(() => app.close());
  const trpcOptions = { router, createContext: createApiContextFactory({ jobs }) };
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
  await app.register(
    async (scope) =>
      void registerFastTrpcRoutes(scope, { prefix: '/trpc', trpcOptions, failureOnlyMiddlewares: failureOnly }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function trackerAndJobs() {
  const tracker = createMemoryJobTracker();
  cleanups.push(() => tracker.close());
  return { tracker, jobs: readOnlyJobService(tracker) };
}

const idsOf = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe('fast tRPC routes read procedure meta', () => {
  it('follow a procedure renamed: onStatus under another name still shares one stream per job', async () => {
    const { tracker, jobs } = trackerAndJobs();
    const renamed = t.router({ seguirJob: appRouter._def.procedures.onStatus });
    const base = await serve(renamed, jobs);
    const job = await makeJob(tracker, { complete: false });
    const streams = [0, 1].map(() => openStream(trpcUrl(base, 'seguirJob', { jobId: job.job_id })));
    cleanups.push(() => streams.forEach((stream) => stream.close()));
    await Promise.all(streams.map((stream) => stream.until((text) => idsOf(text).length === 1)));
    // Two subscribers, one tracker listener: the second joined the first one's stream.
    expect(tracker.listenerCount()).toBe(1);
  });

  it('refuses a direct query whose error-mapping middleware was swapped for one that counts (it would be skipped)', async () => {
    const { jobs } = trackerAndJobs();
    const counted = vi.fn();
    const counting = t.middleware(async ({ next }) => {
      counted();
      return next();
    });
    const router = t.router({
      getStatus: t.procedure
        .use(counting)
        .input(z.object({ jobId: z.string() }))
        .meta({ fast: { direct: true } })
        .query(({ ctx, input }) => ctx.jobs.getStatus(input.jobId)),
    });
    await expect(serve(router, jobs)).rejects.toThrow(
      /getStatus is declared `direct`, but its middleware #0 .* not one known to leave successes untouched/,
    );
  });

  it.each([
    ['an output parser', (p: typeof t.procedure) => p.input(z.object({ jobId: z.string() })).output(z.unknown())],
    [
      'two input parsers',
      (p: typeof t.procedure) =>
        p.input(z.object({ jobId: z.string() })).input(z.object({ extra: z.string().optional() })),
    ],
  ])('refuses a direct query with %s', async (_, build) => {
    const { jobs } = trackerAndJobs();
    const router = t.router({
      q: build(t.procedure)
        .meta({ fast: { direct: true } })
        .query(() => 1),
    });
    await expect(serve(router, jobs)).rejects.toThrow(/q is declared `direct`/);
  });

  it('refuses a shared subscription whose input parser is not the declared one', async () => {
    const { jobs } = trackerAndJobs();
    const Declared = z.object({ jobId: z.string() });
    const router = t.router({
      onStatus: t.procedure
        .input(z.object({ id: z.string() }))
        .meta({ fast: { share: shareByInput(Declared, (input) => ({ key: input.jobId, lastEventId: null })) } })
        .subscription(async function* () {
          yield 1;
        }),
    });
    await expect(serve(router, jobs)).rejects.toThrow(/onStatus declares `share`/);
  });

  it('the direct lane skips only failure-only middlewares on success, and runs a failing resolver once', async () => {
    const { tracker, jobs } = trackerAndJobs();
    const seen = vi.fn();
    const failureOnly = t.middleware(async ({ next }) => {
      const result = await next();
      seen(result.ok);
      return result;
    });
    const resolver = vi.fn(({ ctx, input }: { ctx: ApiContext; input: { jobId: string } }) =>
      ctx.jobs.getStatus(input.jobId),
    );
    const router = t.router({
      estado: t.procedure
        .use(failureOnly)
        .input(z.object({ jobId: z.string() }))
        .meta({ fast: { direct: true } })
        .query(resolver),
    });
    const base = await serve(router, jobs, new Set(failureOnly._middlewares));
    const job = await makeJob(tracker);

    const found = await rawRequest(trpcUrl(base, 'estado', { jobId: job.job_id }));
    expect(found.status).toBe(200);
    expect([resolver.mock.calls.length, seen.mock.calls.length]).toEqual([1, 0]);

    const missing = await rawRequest(trpcUrl(base, 'estado', { jobId: UNKNOWN }));
    // The resolver's failure went through the middleware as in a full call, without a second run.
    expect(resolver).toHaveBeenCalledTimes(2);
    expect(seen.mock.calls).toEqual([[false]]);
    expect(missing.status).toBe(500);
  });
});
