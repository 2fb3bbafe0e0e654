import type { Redis } from 'ioredis';
import type { InsertOutcome, JobRecord, JobStore, ListQuery, NewJobRecord, StoreCounts } from '../job-store.ts';
import { TrackerError } from '../tracker-error.ts';
import { decodeRecord, encodeNewRecordTail, encodeRecord, ownerTag } from './internal/record-codec.ts';
import { RecordCache } from './internal/record-cache.ts';
import {
  COUNTS,
  INSERT,
  LIST,
  PROCESSING_BEFORE,
  REMOVE_FINISHED,
  TRIM_HISTORIES,
  UPDATE,
} from './internal/scripts.ts';
import { scriptRunner } from './internal/scripts-runner.ts';

export interface RedisJobStoreOptions {
  /** A connection for commands (not one used for blocking reads). Not closed by the store. */
  redis: Redis;
  /** Key prefix; every process of one deployment uses the same. */
  prefix: string;
  /** Versions kept per job for replay (default 64). */
  maxHistoryPerJob?: number;
  /** Approximate length the event stream is trimmed to (default 100,000 entries). */
  streamMaxLen?: number;
  /** Records kept in this process for reads (default 10,000). */
  cacheSize?: number;
  /**
   * False in a process that reads no event stream: its cache then holds the versions it wrote or
   * read itself, the first guess of its next compare-and-set, never the answer to a read.
   */
  streamFed?: boolean;
}

/** The Redis store plus what the event-stream reader tells it, to keep its read cache coherent. */
export interface RedisJobStore extends JobStore {
  /** A version read from the event stream (written by any process). */
  observe(record: JobRecord): void;
  /** Jobs removed by any process. */
  forget(ids: readonly string[]): void;
  /** While the stream reader is not live, reads skip the cache (it could be stale). */
  setCacheLive(live: boolean): void;
}

const notFound = (id: string) => new TrackerError('JOB_NOT_FOUND', `Job con ID '${id}' no encontrado`, id);

/**
 * A `JobStore` on Redis. Each write is one Lua script that changes the job, its indexes, its
 * history and appends its event to the stream atomically, so any number of processes share the
 * store and an event is never lost between a commit and its publication. An update is a compare
 * and set on the job's seq: read, apply `change` here, write if nobody wrote meanwhile, else again.
 * Updates of one job from this process are chained, so they commit in call order.
 */
export function createRedisJobStore(options: RedisJobStoreOptions): RedisJobStore {
  const { redis, prefix } = options;
  const maxHistory = Math.max(1, options.maxHistoryPerJob ?? 64);
  const streamMaxLen = Math.max(1000, options.streamMaxLen ?? 100_000);
  const cache = new RecordCache(options.cacheSize ?? 10_000);
  const run = {
    insert: scriptRunner(redis, INSERT),
    update: scriptRunner(redis, UPDATE),
    removeFinished: scriptRunner(redis, REMOVE_FINISHED),
    trimHistories: scriptRunner(redis, TRIM_HISTORIES),
    counts: scriptRunner(redis, COUNTS),
    list: scriptRunner(redis, LIST),
    processingBefore: scriptRunner(redis, PROCESSING_BEFORE),
  };
  const jobKey = (id: string) => `${prefix}:job:${id}`;
  const chains = new Map<string, Promise<unknown>>();
  let cacheLive = false;
  const guessFromCache = options.streamFed === false;

  async function read(id: string): Promise<JobRecord | undefined> {
    const json = await redis.hget(jobKey(id), 'r');
    if (json === null) return undefined;
    const record = decodeRecord(json);
    if (cacheLive || guessFromCache) cache.offer(record);
    return record;
  }

  async function updateOnce(id: string, change: (current: JobRecord) => JobRecord): Promise<JobRecord> {
    let current = cacheLive || guessFromCache ? cache.get(id) : undefined;
    // Without the stream the cached version is only a guess: the compare-and-set below catches
    // a stale one that leads to a write, but not a decision to write nothing or to refuse.
    let guessed = !cacheLive && current !== undefined;
    current ??= await read(id);
    for (;;) {
      if (!current) throw notFound(id);
      let next: JobRecord;
      try {
        next = change(current);
      } catch (error) {
        if (!guessed) throw error;
        next = current;
      }
      if (next === current && guessed) {
        guessed = false;
        current = await read(id);
        continue;
      }
      if (next === current) return current;
      const outcome = await run.update([
        prefix,
        id,
        current.seq,
        encodeRecord(next),
        next.seq,
        next.status,
        next.startedAt ?? '',
        next.finishedAt ?? '',
        maxHistory,
        streamMaxLen,
      ]);
      if (outcome === 'ok') {
        cache.offer(next);
        return next;
      }
      if (outcome === 'missing') {
        cache.forget([id]);
        throw notFound(id);
      }
      // Another process wrote first: apply the change to what it wrote.
      guessed = false;
      current = await read(id);
    }
  }

  return {
    async insert(job: NewJobRecord, maxStored: number): Promise<InsertOutcome> {
      const reply = (await run.insert([
        prefix,
        job.id,
        encodeNewRecordTail(job),
        maxStored,
        streamMaxLen,
        job.createdAt,
        ownerTag(job.owner),
      ])) as [string, string | number, string?];
      if (reply[0] === 'taken')
        throw new TrackerError('INVALID_ARGUMENT', `Ya existe un job con id '${job.id}'`, job.id);
      if (reply[0] === 'full') {
        throw new TrackerError(
          'CAPACITY_EXCEEDED',
          `Capacidad de jobs agotada: ${reply[1]} jobs sin terminar (máximo ${maxStored})`,
        );
      }
      const record = decodeRecord(String(reply[1]));
      const evictedId = reply[2] ? reply[2] : null;
      if (evictedId) cache.forget([evictedId]);
      cache.offer(record);
      return { record, evictedId };
    },

    async get(id) {
      return (cacheLive ? cache.get(id) : undefined) ?? read(id);
    },

    update(id, change) {
      const previous = chains.get(id) ?? Promise.resolve();
      const result = previous.then(() => updateOnce(id, change));
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      chains.set(id, settled);
      void settled.then(() => {
        if (chains.get(id) === settled) chains.delete(id);
      });
      return result;
    },

    async history(id, afterSeq) {
      const versions = await redis.lrange(`${prefix}:hist:${id}`, 0, -1);
      if (versions.length === 0) return undefined;
      return versions.map(decodeRecord).filter((record) => record.seq > afterSeq);
    },

    async list(query: ListQuery) {
      const scope = query.owner === undefined ? '' : `own:${ownerTag(query.owner)}:`;
      const index = scope + (query.status === undefined ? 'created' : `status:${query.status}`);
      const max = query.beforeOrder === undefined ? '+inf' : `(${query.beforeOrder}`;
      const rows = (await run.list([prefix, index, max, query.limit])) as string[];
      return rows.map(decodeRecord);
    },

    async counts(owner): Promise<StoreCounts> {
      const reply = (await run.counts([prefix, ownerTag(owner)])) as (number | string)[];
      const [pending, processing, completed, failed, total, oldest, newest] = reply;
      const time = (value: number | string | undefined) => (value === undefined || value === '' ? null : Number(value));
      return {
        counts: {
          pending: Number(pending),
          processing: Number(processing),
          completed: Number(completed),
          failed: Number(failed),
        },
        total: Number(total),
        oldestCreatedAt: time(oldest),
        newestCreatedAt: time(newest),
      };
    },

    async processingStartedBefore(startedAtOrBefore) {
      const rows = (await run.processingBefore([prefix, startedAtOrBefore])) as string[];
      return rows.map(decodeRecord);
    },

    async removeFinished(finishedAtOrBefore, limit) {
      const ids = (await run.removeFinished([prefix, finishedAtOrBefore, limit, streamMaxLen])) as string[];
      cache.forget(ids);
      return ids;
    },

    async trimHistories(finishedAtOrBefore) {
      return Number(await run.trimHistories([prefix, finishedAtOrBefore]));
    },

    async close() {
      cache.clear();
    },

    observe: (record) => cache.offer(record),
    forget: (ids) => cache.forget(ids),
    setCacheLive(live) {
      cacheLive = live;
      if (!live) cache.clear();
    },
  };
}
