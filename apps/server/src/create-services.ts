import {
  createSharedIdempotencyStore,
  createSharedResultStore,
  DEFAULT_MAX_RESULTS,
  ShutdownError,
  type IdempotencyStore,
  type JobInput,
  type JobQueue,
  type JobService,
  type QueuedOutcome,
  type ResultStore,
} from '@noticias/api';
import { createPipeline, type Pipeline } from '@noticias/pipeline';
import {
  createMemoryJobTracker,
  TrackerError,
  type JobTracker,
  type MemoryJobTrackerOptions,
  type TrackerLimits,
} from '@noticias/tracker';
import {
  checkRedis,
  createRedisBlobStore,
  createRedisClient,
  createRedisJobTracker,
  createRedisKeyClaims,
  createWorkConsumer,
  createWorkQueue,
  type WorkConsumer,
} from '@noticias/tracker/redis';
import type { ServerConfig } from './config.ts';

export interface Services {
  tracker: JobTracker;
  pipeline: Pipeline;
  /** With REDIS_URL and ROLE `api` or `all`: where submissions go. */
  queue?: JobQueue;
  /** With REDIS_URL and ROLE `worker` or `all`: starts taking queued jobs, run by `jobs`. */
  consume?: (jobs: JobService) => Promise<WorkConsumer>;
  /** With REDIS_URL and ROLE `api` or `all`: Idempotency-Keys shared by every api process. */
  idempotency?: IdempotencyStore;
  /** With REDIS_URL and ROLE `api` or `all`: the rate-limit counters' connection, shared by every api process. */
  rateLimitRedis?: unknown;
  /** With REDIS_URL: full results, kept by the process that ran the job, read by any. */
  results?: ResultStore;
  /** Closes the queue's and the shared stores' connections; call after the tracker is no longer written. */
  closeShared?: () => Promise<void>;
}

/**
 * What a BullMQ job carries: the input, marked when no caller waits for its result. The mark is
 * there only when false, so that processes of the previous release (which send and read the bare
 * input, and always return the result) keep working beside these during a rolling deploy.
 */
type QueuedPayload = JobInput & { awaited?: false };

const trackerLimits = (config: ServerConfig): TrackerLimits => ({
  retentionMs: config.jobRetentionMs,
  maxStored: config.jobMaxStored,
  timeoutMs: config.jobTimeoutMs,
  sweepIntervalMs: config.jobCleanupIntervalMs,
});

// An api process queues every job for the workers and never runs one: no threads to keep.
const pipelineFor = (config: ServerConfig): Pipeline =>
  createPipeline({
    extractor: config.extractor,
    workers: config.role === 'api' ? 0 : config.pipelineWorkers,
    workerNice: config.pipelineWorkerNice,
  });

/**
 * The long-lived domain services for a configuration: the in-memory tracker with the configured
 * limits and the pipeline with the configured extractor and worker pool. main.ts, the tests and
 * the benchmarks all build them here, so a new setting is wired once. The caller closes them.
 */
export function createServices(config: ServerConfig, trackerOptions: MemoryJobTrackerOptions = {}): Services {
  const tracker = createMemoryJobTracker({ limits: trackerLimits(config), ...trackerOptions });
  return { tracker, pipeline: pipelineFor(config) };
}

const RESULT_BYTES_IN_REDIS = 64 * 1024 * 1024;

export class RedisStartupError extends Error {
  override readonly name = 'RedisStartupError';
}

/**
 * `createServices`, or with REDIS_URL set the Redis tracker, the BullMQ queue (roles `api`, `all`)
 * and the means to consume it (roles `worker`, `all`). Rejects with `RedisStartupError` naming
 * REDIS_URL when Redis is unreachable or may evict keys.
 */
export async function startServices(config: ServerConfig): Promise<Services> {
  const url = config.redisUrl;
  if (url === null) return createServices(config);
  try {
    await checkRedis(url);
  } catch (error) {
    throw new RedisStartupError(`REDIS_URL: ${(error as Error).message}`, { cause: error });
  }
  const prefix = config.redisPrefix;
  // A worker serves no reads: following every process's writes would cost it a stream read
  // and a decode per version written anywhere.
  const tracker = await createRedisJobTracker({
    url,
    prefix,
    limits: trackerLimits(config),
    readEvents: config.role !== 'worker',
  });
  const queue =
    config.role === 'worker'
      ? undefined
      : await createWorkQueue<QueuedPayload, QueuedOutcome>({
          url,
          prefix,
          retentionMs: config.jobRetentionMs,
          maxKept: config.jobMaxStored,
        });
  // Results outlive the process that ran the job: any api process answers `getResult`. As many
  // as a process keeps in memory, within a byte budget, so that large articles cannot fill a
  // Redis that must not evict.
  const blobs = await createRedisBlobStore({
    url,
    prefix,
    name: 'result',
    ttlMs: config.jobRetentionMs,
    maxKept: DEFAULT_MAX_RESULTS,
    maxBytes: RESULT_BYTES_IN_REDIS,
  });
  const services: Services = {
    tracker,
    pipeline: pipelineFor(config),
    results: createSharedResultStore({
      // Too large to keep (false): `getResult` answers null for it, as when evicted.
      put: async (id, value) => {
        await unavailableOnError(blobs.put(id, value));
      },
      get: (id) => unavailableOnError(blobs.get(id)),
    }),
  };
  // Every shared store's connection, closed together once the tracker is no longer written.
  const closers: (() => Promise<unknown>)[] = [() => blobs.close()];
  services.closeShared = async () => {
    await Promise.all(closers.map((close) => close()));
  };
  if (queue) {
    services.queue = {
      async enqueue(jobId, input, { awaited }) {
        const item = await unavailableOnError(queue.add(jobId, awaited ? input : { ...input, awaited }));
        return {
          async finished(timeoutMs) {
            const outcome = await item.finished(timeoutMs);
            if (!outcome) return undefined;
            return outcome.state === 'completed' ? outcome.value : { ok: false };
          },
        };
      },
      waitingCount: () => unavailableOnError(queue.waitingCount()),
      remove: (jobId) => unavailableOnError(queue.remove(jobId)),
    };
    const claims = await createRedisKeyClaims({ url, prefix, ttlMs: config.idempotencyTtlMs });
    services.idempotency = createSharedIdempotencyStore(claims);
    const limits = await createRedisClient(url, `${prefix}:rate-limit`);
    services.rateLimitRedis = limits;
    closers.push(
      () => queue.close(),
      () => claims.close(),
      () => limits.quit().catch(() => limits.disconnect()),
    );
  }
  if (config.role !== 'api') {
    services.consume = (jobs) =>
      createWorkConsumer<QueuedPayload, QueuedOutcome>({
        url,
        prefix,
        concurrency: config.pipelineConcurrency,
        lockDurationMs: config.redisLockDurationMs,
        stalledIntervalMs: config.redisLockDurationMs,
        process: (id, { awaited, ...input }) => jobs.runQueued(id, input, { awaited: awaited !== false }),
        isRequeue: (error) => error instanceof ShutdownError,
        // BullMQ gave up on it (its workers kept dying): it must not stay `processing`.
        onFailed: (id) => {
          void tracker
            .fail(id, {
              tipo: 'worker_crashed',
              mensaje: 'El proceso que ejecutaba el job terminó inesperadamente',
              fase: null,
            })
            .catch(() => undefined);
        },
      });
  }
  return services;
}

/** A queue that Redis failed reports it like the tracker does, so that callers get a 503. */
async function unavailableOnError<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrackerError('STORE_UNAVAILABLE', `La cola de jobs (Redis) no responde: ${reason}`);
  }
}
