import underPressure from '@fastify/under-pressure';
import {
  appRouter,
  createApiContextFactory,
  createJobRunner,
  createMemoryIdempotencyStore,
  createJobService,
  failureOnlyMiddlewares,
  MappedTRPCError,
  withSseOptions,
  type AppRouter,
  type JobQueue,
  type IdempotencyStore,
  type JobService,
} from '@noticias/api';
import type { Pipeline } from '@noticias/pipeline';
import { createJobIdGenerator, type JobTracker } from '@noticias/tracker';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { LiveStreams } from './fast-trpc/live-streams.ts';
import { registerFastTrpcRoutes } from './fast-trpc/index.ts';
import { createMetrics } from './metrics.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { describeRestError, httpError, sendRestError } from './rest/error-envelope.ts';
import { useJsonBodyParser } from './rest/json-body-parser.ts';
import { registerMethodNotAllowed } from './rest/method-not-allowed.ts';
import { createRequestIds } from './rest/request-id.ts';
import { StatusBodies } from './rest/status-body.ts';
import { registerStatusRoute } from './rest/status-route.ts';
import { StatusStreams } from './rest/status-stream.ts';
import { registerSubmitRoutes } from './rest/submit-routes.ts';
import { registerSystemRoutes } from './rest/system-routes.ts';
import { registerWebApp } from './web/register-web-app.ts';

export interface AppDeps {
  tracker: JobTracker;
  pipeline: Pipeline;
  /** `api_version` in responses: the server package's version. */
  version: string;
  /** A pino logger to use; otherwise Fastify builds one at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  now?: () => number;
  /** Where submissions go when worker processes run them (REDIS_URL with ROLE `api` or `all`). */
  queue?: JobQueue;
  /** Where Idempotency-Keys are remembered; default in memory for IDEMPOTENCY_TTL_HOURS. */
  idempotency?: IdempotencyStore;
  /** The built web page's folder; default apps/web/dist, found from the server's sources. */
  webRoot?: string;
}

export interface BuiltApp {
  app: FastifyInstance;
  jobs: JobService;
}

/**
 * The whole HTTP surface over the given tracker and pipeline; never listens. The caller owns the
 * tracker and the pipeline (and closes them); `app.close()` stops the job service without grace.
 */
export async function buildApp(config: ServerConfig, deps: AppDeps): Promise<BuiltApp> {
  const { tracker, pipeline, version } = deps;
  const now = deps.now ?? Date.now;
  const errorEnv = { now, requestIds: createRequestIds(createJobIdGenerator()) };

  const app: FastifyInstance = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: { level: config.logLevel } }),
    genReqId: errorEnv.requestIds.forRequest,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // Batched tRPC calls put every procedure name in one path parameter.
    routerOptions: { maxParamLength: 5000 },
    // Open keep-alive and SSE connections would otherwise hold close() for seconds.
    forceCloseConnections: true,
  });

  // Event-loop pressure refuses new work only (every submission, REST or tRPC, in the job
  // service); reads keep being served. under-pressure is registered in a scope without routes:
  // its measure is wanted, not its hook.
  let isOverloaded: (() => boolean) | undefined;
  if (config.maxEventLoopDelayMs > 0) {
    await app.register(async (probe) => {
      await probe.register(underPressure, { maxEventLoopDelay: config.maxEventLoopDelayMs });
      isOverloaded = () => probe.isUnderPressure();
    });
  }

  const metrics = createMetrics({ now });
  const runner = createJobRunner({
    concurrency: config.pipelineConcurrency,
    queueMax: config.queueMax,
    timeoutMs: config.jobTimeoutMs,
    now,
  });
  const jobs = createJobService({
    tracker,
    pipeline,
    runner,
    logger: app.log.child({ component: 'jobs' }),
    asyncThreshold: config.asyncThreshold,
    now,
    observer: metrics.observer,
    queue: deps.queue,
    // The job's own timeout fails it once it runs; this bounds the wait for one never taken.
    queuedWaitMs: 2 * config.jobTimeoutMs + 60_000,
    idempotency: deps.idempotency ?? createMemoryIdempotencyStore({ ttlMs: config.idempotencyTtlMs, now }),
    isOverloaded,
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    await jobs.shutdown({ graceMs: 0 });
  });

  app.setErrorHandler((error, request, reply) => {
    const described = describeRestError(error, request, now, config.bodyLimitBytes);
    if (described.kind === 'internal_error') {
      request.log.error(
        { err: error, support_code: described.supportCode, job_id: (error as { jobId?: string }).jobId },
        'internal error',
      );
    }
    return sendRestError(request, reply, described, errorEnv);
  });
  app.setNotFoundHandler((request, reply) => sendRestError(request, reply, httpError(404, 'Not Found'), errorEnv));

  // With Redis, /health says when it does not answer (the memory tracker has nothing to check).
  const probe =
    config.redisUrl === null
      ? undefined
      : async (): Promise<string | null> => {
          try {
            await tracker.stats();
            return null;
          } catch {
            return 'Redis (REDIS_URL) no responde: los jobs no se pueden leer ni crear.';
          }
        };

  // A worker process serves /health and /metrics only.
  if (config.role === 'worker') {
    await app.register(async (system) => {
      useJsonBodyParser(system);
      registerSystemRoutes(system, { jobs, metrics, openApiDocument: buildOpenApiDocument(version), probe });
    });
    return { app, jobs };
  }

  const createContext = createApiContextFactory({ jobs });
  const trpcOptions = {
    router:
      config.sseMaxDurationMs > 0 ? withSseOptions(appRouter, { maxDurationMs: config.sseMaxDurationMs }) : appRouter,
    createContext,
    maxBatchSize: config.trpcMaxBatchSize,
    onError({ error, path, req }) {
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      const mapped = error instanceof MappedTRPCError ? error.mapped : undefined;
      req.log.error(
        { err: error.cause ?? error, path, support_code: mapped?.supportCode, job_id: mapped?.jobId },
        'tRPC internal error',
      );
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
  // The subscribers of a job's status share one stream, whether they read it over tRPC or REST.
  const live = new LiveStreams({ router: trpcOptions.router });
  // GET queries and SSE subscriptions on routes that skip the adapter's web Request/Response
  // round trip; whatever they do not reproduce exactly still goes to the official handler. What
  // each procedure allows them is declared beside it (`meta.fast` in @noticias/api).
  if (config.trpcFastPaths) {
    await app.register(async (fast) => {
      registerFastTrpcRoutes(fast, {
        prefix: '/trpc',
        trpcOptions,
        failureOnlyMiddlewares,
        // What the onSend hook above adds, for the SSE streams written past it.
        sseHeaders: (request) => ({ 'x-request-id': request.id }),
        sharedStreams: live.shared,
      });
    });
  }

  // REST lives outside the tRPC plugin's scope, which swaps the JSON parser.
  await app.register(async (rest) => {
    useJsonBodyParser(rest);
    const routeDeps = { jobs, version, now, errorEnv };
    const bodies = new StatusBodies(version, now);
    const streams = new StatusStreams({
      live,
      bodies,
      context: () => createContext(),
      pingMs: config.restSsePingMs,
      extraHeaders: (request) => ({ 'x-request-id': request.id }),
    });
    rest.addHook('onClose', async () => streams.close());
    registerStatusRoute(rest, { jobs, bodies, streams, errorEnv });
    registerSystemRoutes(rest, { jobs, metrics, openApiDocument: buildOpenApiDocument(version), probe });
    registerSubmitRoutes(rest, routeDeps);
    registerMethodNotAllowed(
      rest,
      [
        { url: '/procesar_articulo', methods: ['POST'] },
        { url: '/procesar_fragmento', methods: ['POST'] },
        { url: '/status/:job_id', methods: ['GET'] },
        { url: '/status/:job_id/cancel', methods: ['POST'] },
        { url: '/health', methods: ['GET'] },
        { url: '/metrics', methods: ['GET'] },
        { url: '/api/v1/openapi.json', methods: ['GET'] },
      ],
      errorEnv,
    );
  });
  await app.register(async (web) => registerWebApp(web, deps.webRoot));

  return { app, jobs };
}
