import underPressure from '@fastify/under-pressure';
import {
  appRouter,
  createApiContextFactory,
  createJobRunner,
  createMemoryIdempotencyStore,
  createJobService,
  createReadTokens,
  failureOnlyMiddlewares,
  LOCAL_CALLER,
  MappedTRPCError,
  RateLimitedError,
  withSseOptions,
  type ApiContext,
  type AppRouter,
  type Caller,
  type JobQueue,
  type IdempotencyStore,
  type JobService,
  type ResultStore,
} from '@noticias/api';
import type { Pipeline } from '@noticias/pipeline';
import { createJobIdGenerator, type JobTracker } from '@noticias/tracker';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createCallerResolver, type CallerResolver } from './access/caller-resolver.ts';
import { loggerOptions } from './access/log-redaction.ts';
import { registerLimits, type StreamCaps } from './access/register-limits.ts';
import { API_HEADERS, PAGE_HEADERS, useSecurityHeaders } from './access/security-headers.ts';
import { sendTrpcRefusal } from './access/trpc-refusals.ts';
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
  /** See LimitsOptions.rateLimitRedis: the Redis backend's client, to share rate-limit counters. */
  rateLimitRedis?: unknown;
  /** Where Idempotency-Keys are remembered; default in memory for IDEMPOTENCY_TTL_HOURS. */
  idempotency?: IdempotencyStore;
  /** Where full results are kept for `getResult`; default in this process's memory. */
  results?: ResultStore;
  /** The built web page's folder; default apps/web/dist, found from the server's sources. */
  webRoot?: string;
}

export interface BuiltApp {
  app: FastifyInstance;
  jobs: JobService;
  /** Who a request is (API keys, read tokens, protected mode). */
  access: CallerResolver;
  /** Live streams open now, by caller (SSE_MAX_CONNECTIONS*). */
  streams: StreamCaps;
}

/**
 * Subscribers of one job share one stream only with callers that see jobs the same way: the
 * stream's first subscriber passed the access check, and a later one with the same view would
 * pass it too (the check depends on the job and this view alone).
 */
function accessView(caller: Caller): string {
  switch (caller.kind) {
    case 'local':
      return 'all';
    case 'key':
      return caller.role === 'admin' ? 'all' : `owner:${caller.name}`;
    case 'read-token':
      return `token:${caller.jobId}`;
  }
}

/** `request.caller` on the scope's routes: who asks (public routes are served as local). */
function resolveCallers(scope: FastifyInstance, access: CallerResolver): void {
  // null until the hook below runs (Fastify forbids a shared object as the default).
  scope.decorateRequest('caller', null as never);
  // After the rate limits (onRequest), before the body is read.
  // A callback hook: an async one costs every request a promise and a microtask turn.
  scope.addHook('preParsing', (request, _reply, payload, done) => {
    try {
      request.caller = request.routeOptions.config.public ? LOCAL_CALLER : access.resolve(request);
      done(null, payload);
    } catch (error) {
      done(error as Error);
    }
  });
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
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    // A hop count is valid at run time (proxy-addr) though Fastify's types leave it out.
    trustProxy: config.trustProxy as boolean | string,
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
  // A token lives as long as its job can: the longest run, then the retention of a finished job.
  const readTokens = createReadTokens({
    secret: config.readTokenSecret,
    ttlMs: config.jobTimeoutMs + config.jobRetentionMs,
    now,
  });
  const access = createCallerResolver({ mode: config.authMode, keys: config.apiKeys, readTokens });
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
    results: deps.results,
    // The job's own timeout fails it once it runs; this bounds the wait for one never taken.
    queuedWaitMs: 2 * config.jobTimeoutMs + 60_000,
    readTokens,
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

  const router =
    config.sseMaxDurationMs > 0 ? withSseOptions(appRouter, { maxDurationMs: config.sseMaxDurationMs }) : appRouter;
  app.setErrorHandler((error, request, reply) => {
    // Refused before tRPC ran (rate limit, stream cap): in tRPC's shape, so its client reads it.
    if (request.url.startsWith('/trpc/') && error instanceof RateLimitedError)
      return sendTrpcRefusal(router, '/trpc', request, reply, error);
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
  // Before every route: the limits count every request, refused ones included.
  const subscriptions = Object.entries(router._def.procedures as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === 'subscription')
    .map(([path]) => path);
  const streams = await registerLimits(app, {
    config,
    resolver: access,
    rateLimitRedis: deps.rateLimitRedis,
    subscriptions,
  });

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
      resolveCallers(system, access);
      registerSystemRoutes(system, {
        jobs,
        metrics,
        openApiDocument: buildOpenApiDocument(version),
        probe,
        metricsPublic: config.metricsPublic,
      });
    });
    return { app, jobs, access, streams };
  }

  const createContext = createApiContextFactory({ jobs }, (req: FastifyRequest | undefined) =>
    req ? access.resolve(req) : LOCAL_CALLER,
  );
  const trpcOptions = {
    router,
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
  const live = new LiveStreams({
    router: trpcOptions.router,
    viewOf: (ctx) => accessView((ctx as ApiContext).caller),
  });
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
    useSecurityHeaders(rest, API_HEADERS);
    resolveCallers(rest, access);
    const routeDeps = { jobs, version, now, errorEnv };
    const bodies = new StatusBodies(version, now);
    const statusStreams = new StatusStreams({
      live,
      bodies,
      // The caller the route resolved: a stream started for it reads on its behalf.
      context: (request): ApiContext => ({ jobs, caller: request.caller }),
      pingMs: config.restSsePingMs,
      maxDurationMs: config.sseMaxDurationMs > 0 ? config.sseMaxDurationMs : null,
      extraHeaders: (request) => ({ 'x-request-id': request.id }),
    });
    rest.addHook('onClose', async () => statusStreams.close());
    registerStatusRoute(rest, { jobs, bodies, streams: statusStreams, errorEnv });
    registerSystemRoutes(rest, {
      jobs,
      metrics,
      openApiDocument: buildOpenApiDocument(version),
      probe,
      metricsPublic: config.metricsPublic,
    });
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
  await app.register(async (web) => {
    useSecurityHeaders(web, PAGE_HEADERS);
    await registerWebApp(web, deps.webRoot);
  });

  return { app, jobs, access, streams };
}
