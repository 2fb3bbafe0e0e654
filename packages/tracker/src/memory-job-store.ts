import { isTerminalStatus, type JobStatus } from '@noticias/contract';
import type { InsertOutcome, JobRecord, JobStore, ListQuery, NewJobRecord, StoreCounts } from './job-store.ts';
import { createJobRecord } from './internal/compact-job-record.ts';
import { CreationIndex } from './internal/creation-index.ts';
import { JobTable } from './internal/job-table.ts';
import { SlotQueue } from './internal/slot-queue.ts';
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
 * Jobs live in the slots of a `JobTable` (found by id), their histories in a column indexed by
 * the same slots. Indexes, each costing what it holds: finished jobs in finish order as (slot,
 * finish time) pairs, twice (retention and the cap remove from the front of one, oldest finished
 * first; history trimming reads the other), processing jobs in start order (the timeout sweep
 * reads from the front), and ids in creation order (listing). Removing or trimming a job thus
 * costs no Map lookup: at a million jobs each would be a few cache misses, and a large sweep is
 * made of little else. The finish and start orders follow the clock; if it steps back, a job can
 * leave a little after its time, never before.
 */
export function createMemoryJobStore(options: MemoryJobStoreOptions = {}): JobStore {
  const maxHistory = Math.max(1, options.maxHistoryPerJob ?? 64);
  const jobs = new JobTable<JobRecord>();
  const created = new CreationIndex();
  const finished = new SlotQueue();
  const processing = new Set<string>();
  // By slot; set while the slot is occupied and its history not trimmed.
  const histories: (JobRecord[] | undefined)[] = [];
  const historiesToTrim = new SlotQueue();
  const counts: Record<JobStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
  // Per owner, so that a client's list and stats cost its own jobs, not everyone's.
  const owners = new Map<string, { created: CreationIndex; counts: Record<JobStatus, number> }>();
  let nextOrder = 1;

  function ownerEntry(record: JobRecord): { created: CreationIndex; counts: Record<JobStatus, number> } | undefined {
    if (record.owner === null) return undefined;
    let entry = owners.get(record.owner);
    if (!entry) {
      entry = { created: new CreationIndex(), counts: { pending: 0, processing: 0, completed: 0, failed: 0 } };
      owners.set(record.owner, entry);
    }
    return entry;
  }

  function forgetOwned(record: JobRecord): void {
    const entry = record.owner === null ? undefined : owners.get(record.owner);
    if (!entry) return;
    entry.created.remove(record.order);
    entry.counts[record.status]--;
    if (entry.created.size === 0) owners.delete(record.owner!);
  }

  function enterStatus(record: JobRecord, slot: number): void {
    counts[record.status]++;
    if (record.owner !== null) ownerEntry(record)!.counts[record.status]++;
    if (record.status === 'processing') processing.add(record.id);
    if (isTerminalStatus(record.status)) {
      finished.push(slot, record.finishedAt!);
      historiesToTrim.push(slot, record.finishedAt!);
    }
  }

  function leaveStatus(record: JobRecord): void {
    counts[record.status]--;
    if (record.owner !== null) owners.get(record.owner)!.counts[record.status]--;
    if (record.status === 'processing') processing.delete(record.id);
  }

  /** Removes the front of `finished`, the job that finished first. */
  function removeOldestFinished(): JobRecord {
    const slot = finished.shift();
    const record = jobs.remove(slot);
    histories[slot] = undefined;
    created.remove(record.order);
    counts[record.status]--;
    forgetOwned(record);
    return record;
  }

  function remember(record: JobRecord, slot: number): void {
    const history = histories[slot];
    if (!history) return;
    history.push(record);
    if (history.length > maxHistory) history.shift();
  }

  return {
    async insert(job: NewJobRecord, maxStored: number): Promise<InsertOutcome> {
      if (jobs.slotOf(job.id) >= 0)
        throw new TrackerError('INVALID_ARGUMENT', `Ya existe un job con id '${job.id}'`, job.id);
      let evictedId: string | null = null;
      while (jobs.size >= maxStored) {
        if (finished.size === 0) {
          throw new TrackerError(
            'CAPACITY_EXCEEDED',
            `Capacidad de jobs agotada: ${jobs.size} jobs sin terminar (máximo ${maxStored})`,
          );
        }
        evictedId = removeOldestFinished().id;
      }
      const record = createJobRecord({ ...job, order: nextOrder++ });
      const slot = jobs.add(record);
      created.add(record.order, record.id);
      ownerEntry(record)?.created.add(record.order, record.id);
      // Slots are numbered from 0 without gaps, so this never leaves a hole in the array.
      histories[slot] = [record];
      enterStatus(record, slot);
      return { record, evictedId };
    },

    async get(id) {
      return jobs.get(id);
    },

    async update(id, change) {
      const slot = jobs.slotOf(id);
      if (slot < 0) throw new TrackerError('JOB_NOT_FOUND', `Job con ID '${id}' no encontrado`, id);
      const current = jobs.at(slot);
      const next = change(current);
      if (next === current) return current;
      jobs.replace(slot, next);
      if (next.status !== current.status) {
        leaveStatus(current);
        enterStatus(next, slot);
      }
      remember(next, slot);
      return next;
    },

    async history(id, afterSeq) {
      const slot = jobs.slotOf(id);
      return slot < 0 ? undefined : histories[slot]?.filter((record) => record.seq > afterSeq);
    },

    async list(query: ListQuery) {
      const page: JobRecord[] = [];
      const index = query.owner === undefined ? created : owners.get(query.owner)?.created;
      index?.forEachNewestFirst(query.beforeOrder, (id) => {
        const record = jobs.get(id);
        if (record && (query.status === undefined || record.status === query.status)) page.push(record);
        return page.length < query.limit;
      });
      return page;
    },

    async counts(owner?: string): Promise<StoreCounts> {
      const entry = owner === undefined ? { created, counts } : owners.get(owner);
      if (!entry)
        return {
          counts: { pending: 0, processing: 0, completed: 0, failed: 0 },
          total: 0,
          oldestCreatedAt: null,
          newestCreatedAt: null,
        };
      const oldest = entry.created.oldest();
      const newest = entry.created.newest();
      return {
        counts: { ...entry.counts },
        total: entry.created.size,
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
      // An empty queue's time is NaN, which is never <= anything.
      while (removed.length < limit && finished.peekTime() <= finishedAtOrBefore)
        removed.push(removeOldestFinished().id);
      return removed;
    },

    async trimHistories(finishedAtOrBefore) {
      let trimmed = 0;
      while (historiesToTrim.peekTime() <= finishedAtOrBefore) {
        const slot = historiesToTrim.shift();
        // The job may have been removed (its history with it) and its slot given to another
        // job. That one's history is due as well if it finished by the cutoff; if not, its own
        // entry comes later.
        if (histories[slot] === undefined) continue;
        const finishedAt = jobs.at(slot).finishedAt;
        if (finishedAt !== null && finishedAt <= finishedAtOrBefore) {
          histories[slot] = undefined;
          trimmed++;
        }
      }
      return trimmed;
    },

    async close() {},
  };
}
