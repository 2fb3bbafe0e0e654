import { isTerminalStatus, type JobStatus } from '@noticias/contract';
import type { InsertOutcome, JobRecord, JobStore, ListQuery, NewJobRecord, StoreCounts } from './job-store.ts';
import { createJobRecord } from './internal/compact-job-record.ts';
import { CreationIndex } from './internal/creation-index.ts';
import { FifoQueue } from './internal/fifo-queue.ts';
import { TrackerError } from './tracker-error.ts';

export interface MemoryJobStoreOptions {
  /**
   * Versions kept per job for replay (default 64; a job normally has about 7). Past it the
   * oldest are dropped, so a subscriber resuming from before them skips to what is kept.
   */
  maxHistoryPerJob?: number;
}

/**
 * The in-memory `JobStore`. Everything is synchronous inside; the promises only honour the
 * interface, and they resolve in call order, which is commit order.
 *
 * Indexes, each costing what it holds: finished jobs in finish order (retention and the cap
 * remove from the front, oldest finished first), processing jobs in start order (the timeout
 * sweep reads from the front), ids in creation order (listing), and the per-job histories of
 * jobs not yet trimmed. The finish and start orders follow the clock; if it steps back, a job
 * can leave a little after its time, never before.
 */
export function createMemoryJobStore(options: MemoryJobStoreOptions = {}): JobStore {
  const maxHistory = Math.max(1, options.maxHistoryPerJob ?? 64);
  const jobs = new Map<string, JobRecord>();
  const created = new CreationIndex();
  const finished = new FifoQueue<JobRecord>();
  const processing = new Set<string>();
  const histories = new Map<string, JobRecord[]>();
  const historiesToTrim = new FifoQueue<JobRecord>();
  const counts: Record<JobStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
  let nextOrder = 1;
  // Histories of jobs finished at or before this are already gone (trimming goes in finish order).
  let trimmedThrough = -Infinity;

  function enterStatus(record: JobRecord): void {
    counts[record.status]++;
    if (record.status === 'processing') processing.add(record.id);
    if (isTerminalStatus(record.status)) {
      finished.push(record);
      historiesToTrim.push(record);
    }
  }

  function leaveStatus(record: JobRecord): void {
    counts[record.status]--;
    if (record.status === 'processing') processing.delete(record.id);
  }

  /** Only for the front of `finished`, which the callers have just shifted. */
  function removeFinishedJob(record: JobRecord): void {
    jobs.delete(record.id);
    // Each skipped lookup is a cache miss saved: a large sweep is made of little else.
    if (record.finishedAt! > trimmedThrough) histories.delete(record.id);
    created.remove(record.order);
    counts[record.status]--;
  }

  function remember(record: JobRecord): void {
    const history = histories.get(record.id);
    if (!history) return;
    history.push(record);
    if (history.length > maxHistory) history.shift();
  }

  return {
    async insert(job: NewJobRecord, maxStored: number): Promise<InsertOutcome> {
      if (jobs.has(job.id)) throw new TrackerError('INVALID_ARGUMENT', `Ya existe un job con id '${job.id}'`, job.id);
      let evictedId: string | null = null;
      while (jobs.size >= maxStored) {
        const oldest = finished.shift();
        if (!oldest) {
          throw new TrackerError(
            'CAPACITY_EXCEEDED',
            `Capacidad de jobs agotada: ${jobs.size} jobs sin terminar (máximo ${maxStored})`,
          );
        }
        removeFinishedJob(oldest);
        evictedId = oldest.id;
      }
      const record = createJobRecord({ ...job, order: nextOrder++ });
      jobs.set(record.id, record);
      created.add(record.order, record.id);
      histories.set(record.id, [record]);
      enterStatus(record);
      return { record, evictedId };
    },

    async get(id) {
      return jobs.get(id);
    },

    async update(id, change) {
      const current = jobs.get(id);
      if (!current) throw new TrackerError('JOB_NOT_FOUND', `Job con ID '${id}' no encontrado`, id);
      const next = change(current);
      if (next === current) return current;
      jobs.set(id, next);
      if (next.status !== current.status) {
        leaveStatus(current);
        enterStatus(next);
      }
      remember(next);
      return next;
    },

    async history(id, afterSeq) {
      const history = histories.get(id);
      return history?.filter((record) => record.seq > afterSeq);
    },

    async list(query: ListQuery) {
      const page: JobRecord[] = [];
      created.forEachNewestFirst(query.beforeOrder, (id) => {
        const record = jobs.get(id);
        if (record && (query.status === undefined || record.status === query.status)) page.push(record);
        return page.length < query.limit;
      });
      return page;
    },

    async counts(): Promise<StoreCounts> {
      const oldest = created.oldest();
      const newest = created.newest();
      return {
        counts: { ...counts },
        total: jobs.size,
        oldestCreatedAt: oldest === null ? null : (jobs.get(oldest)?.createdAt ?? null),
        newestCreatedAt: newest === null ? null : (jobs.get(newest)?.createdAt ?? null),
      };
    },

    async processingStartedBefore(startedAtOrBefore) {
      const due: JobRecord[] = [];
      for (const id of processing) {
        const record = jobs.get(id);
        if (!record || record.startedAt === null || record.startedAt > startedAtOrBefore) break;
        due.push(record);
      }
      return due;
    },

    async removeFinished(finishedAtOrBefore, limit) {
      const removed: string[] = [];
      for (
        let head = finished.peek();
        head && head.finishedAt! <= finishedAtOrBefore && removed.length < limit;
        head = finished.peek()
      ) {
        finished.shift();
        removeFinishedJob(head);
        removed.push(head.id);
      }
      return removed;
    },

    async trimHistories(finishedAtOrBefore) {
      trimmedThrough = Math.max(trimmedThrough, finishedAtOrBefore);
      let trimmed = 0;
      for (let head = historiesToTrim.peek(); head && head.finishedAt! <= finishedAtOrBefore; head = historiesToTrim.peek()) {
        historiesToTrim.shift();
        // Same id, another job: only a job created with an injected id after removal.
        if (jobs.get(head.id)?.order === head.order && histories.delete(head.id)) trimmed++;
      }
      return trimmed;
    },

    async close() {},
  };
}
