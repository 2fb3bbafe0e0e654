import { Redis, type RedisOptions } from 'ioredis';
import { createJobTracker, type Clock } from '../create-job-tracker.ts';
import { TrackerError } from '../tracker-error.ts';
import type { JobTracker, TrackerLimits } from '../job-tracker.ts';
import { createSnapshotCache } from '../internal/snapshot-cache.ts';
import { createRedisEventFeed } from './redis-event-feed.ts';
import { createRedisEventStream } from './redis-event-stream.ts';
import { createRedisJobStore } from './redis-job-store.ts';
import { createCancelRelay } from './internal/cancel-relay.ts';
import { guardStore } from './internal/guard-store.ts';

export interface RedisJobTrackerOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Key prefix shared by every process of a deployment (default `noticias`). */
  prefix?: string;
  clock?: Clock;
  limits?: Partial<TrackerLimits>;
  idGenerator?: () => string;
  historyGraceMs?: number;
  snapshotCacheSize?: number;
  sweepChunkSize?: number;
  subscriberQueueLimit?: number;
  maxHistoryPerJob?: number;
  /** Approximate number of events the stream keeps for readers that fell behind (default 100,000). */
  streamMaxLen?: number;
  /** A command taking longer (Redis down or stuck) rejects after this long (default 5 s). */
  commandTimeoutMs?: number;
  onSweepError?: (error: unknown) => void;
  onStreamError?: (error: unknown) => void;
  /**
   * False in a process that serves no reads or subscriptions (a worker): no stream reader, its
   * reads go to Redis, and its subscribers see only its own writes. Default true.
   */
  readEvents?: boolean;
  /** Connection errors (each reconnection attempt while Redis is down). Default: ignored. */
  onConnectionError?: (error: unknown) => void;
}

export const DEFAULT_REDIS_PREFIX = 'noticias';

/**
 * The tracker over Redis: the same state machine, snapshots and subscriptions as the memory one
 * (`createJobTracker`), over a Redis store and a feed fed by one reader of the event stream per
 * process. Connections: commands, the blocking stream reader (unless `readEvents` is false) and
 * the cancel relay's subscriber. Resolves once the reader is positioned, so every write from then
 * on reaches this process's subscribers.
 */
export async function createRedisJobTracker(options: RedisJobTrackerOptions): Promise<JobTracker> {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const base: RedisOptions = { lazyConnect: true, connectionName: `${prefix}:tracker` };
  const commands = new Redis(options.url, {
    ...base,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
  });
  const readEvents = options.readEvents !== false;
  const reader = readEvents ? new Redis(options.url, { ...base, maxRetriesPerRequest: null }) : undefined;
  const subscriber = new Redis(options.url, { ...base, maxRetriesPerRequest: null });
  const connections = [commands, ...(reader ? [reader] : []), subscriber];
  // While Redis is down ioredis reports every reconnection attempt as an 'error' event (and
  // prints it when nobody listens). Callers see the outage as STORE_UNAVAILABLE, /health names it.
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  for (const connection of connections) connection.on('error', onConnectionError);
  try {
    for (const connection of connections) await connection.connect();
  } catch (error) {
    for (const connection of connections) connection.disconnect();
    throw error;
  }
  const store = createRedisJobStore({
    redis: commands,
    prefix,
    maxHistoryPerJob: options.maxHistoryPerJob,
    streamMaxLen: options.streamMaxLen,
    cacheSize: options.snapshotCacheSize,
    streamFed: readEvents,
  });
  const feed = createRedisEventFeed({ subscriberQueueLimit: options.subscriberQueueLimit });
  const events = createSnapshotCache(options.snapshotCacheSize ?? 10_000);
  const stream =
    reader &&
    createRedisEventStream({
      redis: reader,
      key: `${prefix}:events`,
      onRecord(record) {
        store.observe(record);
        feed.deliver(events.eventOf(record), record.owner);
      },
      onRemoved(ids) {
        store.forget(ids);
        feed.removed(ids);
      },
      onLive: (live) => store.setCacheLive(live),
      onError: options.onStreamError,
    });
  await stream?.start();
  const tracker = createJobTracker({
    store: guardStore(store),
    feed,
    clock: options.clock,
    limits: options.limits,
    idGenerator: options.idGenerator,
    historyGraceMs: options.historyGraceMs,
    snapshotCacheSize: options.snapshotCacheSize,
    sweepChunkSize: options.sweepChunkSize,
    onSweepError: options.onSweepError,
  });
  // Cancel requests reach the runners of every process: this one's first, then the others'.
  const relay = await createCancelRelay({
    commands,
    subscriber,
    prefix,
    holds: (id) => tracker.requestCancel(id),
  });
  return {
    ...tracker,
    async requestCancel(id) {
      if (await tracker.requestCancel(id)) return true;
      try {
        return await relay.request(id);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new TrackerError('STORE_UNAVAILABLE', `El almacén de jobs (Redis) no responde: ${reason}`, id);
      }
    },
    async close() {
      relay.close();
      await tracker.close();
      await stream?.close();
      // Not QUIT: after a reconnection it can sit in the offline queue for many seconds, and
      // nothing is left to flush (every write was awaited).
      commands.disconnect();
    },
  };
}
