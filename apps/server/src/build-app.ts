import underPressure from '@fastify/under-pressure';
import {
  appRouter,
  createApiContextFactory,
  createJobRunner,
  createJobService,
  MappedTRPCError,
  withSseOptions,
  type AppRouter,
  type JobQueue,
  type JobService,
} from '@noticias/api';
import type { Pipeline } from '@noticias/pipeline';
import { createJobIdGenerator, type JobTracker } from '@noticias/tracker';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { registerFastTrpcRoutes } from './fast-trpc/register-fast-trpc-routes.ts';
import { createMetrics } from './metrics.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { describeRestError, httpError, sendRestError } from './rest/error-envelope.ts';
import { useJsonBodyParser } from './rest/json-body-parser.ts';
import { registerMethodNotAllowed } from './rest/method-not-allowed.ts';
import { createRequestIds } from './rest/request-id.ts';
import { registerStatusRoute } from './rest/status-route.ts';
import { registerSubmitRoutes } from './rest/submit-routes.ts';
import { registerSystemRoutes } from './rest/system-routes.ts';

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

  const trpcOptions = {
    router:
      config.sseMaxDurationMs > 0 ? withSseOptions(appRouter, { maxDurationMs: config.sseMaxDurationMs }) : appRouter,
    createContext: createApiContextFactory({ jobs }),
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
  // GET queries and SSE subscriptions on routes that skip the adapter's web Request/Response
  // round trip; whatever they do not reproduce exactly still goes to the official handler.
  if (config.trpcFastPaths) {
    await app.register(async (fast) => {
      // The tracker shares one snapshot object per job version with every reader and subscriber
      // and nobody may change it, so these results' JSON is cached per object.
      registerFastTrpcRoutes(fast, {
        prefix: '/trpc',
        trpcOptions,
        immutableOutputs: ['getStatus', 'onStatus', 'onJobs'],
        // The status poll's success path skips tRPC's middleware chain: publicProcedure's only
        // middleware maps errors, and failures still run the full procedure.
        directQueries: ['getStatus'],
        // What the onSend hook above adds, for the SSE streams written past it.
        sseHeaders: (request) => ({ 'x-request-id': request.id }),
        // onStatus depends on the job id alone: the subscribers of a job share one stream.
        shareableSubscriptions: {
          onStatus: (input) => {
            const { jobId, lastEventId } = input as { jobId: string; lastEventId?: string | null };
            return { key: jobId, lastEventId: lastEventId ?? null };
          },
        },
      });
    });
  }

  // REST lives outside the tRPC plugin's scope, which swaps the JSON parser.
  await app.register(async (rest) => {
    useJsonBodyParser(rest);
    const routeDeps = { jobs, version, now };
    registerStatusRoute(rest, routeDeps);
    registerSystemRoutes(rest, { jobs, metrics, openApiDocument: buildOpenApiDocument(version), probe });
    await rest.register(async (submissions) => {
      // Event-loop pressure refuses new work only; status reads keep being served.
      if (config.maxEventLoopDelayMs > 0) {
        await submissions.register(underPressure, { maxEventLoopDelay: config.maxEventLoopDelayMs });
      }
      registerSubmitRoutes(submissions, routeDeps);
    });
    registerMethodNotAllowed(
      rest,
      [
        { url: '/procesar_articulo', methods: ['POST'] },
        { url: '/procesar_fragmento', methods: ['POST'] },
        { url: '/status/:job_id', methods: ['GET'] },
        { url: '/health', methods: ['GET'] },
        { url: '/metrics', methods: ['GET'] },
        { url: '/api/v1/openapi.json', methods: ['GET'] },
      ],
      errorEnv,
    );
  });

  return { app, jobs };
}
