import type { JobError, JobKind, JobMetadata, JobProgress, JobResultSummary, JobStatus } from '@noticias/contract';

/**
 * One version of a job as a store keeps it. Records are immutable: every change writes a new
 * record with `seq + 1`. Times are epoch milliseconds. Build them with `createJobRecord` so that
 * every record has the same compact layout (it keeps only the progress, result or error that
 * the status shows, takes `kind` from `metadata.tipo`, and a finished job's `finishedAt` is its
 * `updatedAt`).
 */
export interface JobRecord {
  readonly id: string;
  /** Creation ordinal assigned by the store; `list` orders and pages by it. */
  readonly order: number;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly seq: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** 0..100; a failed job keeps the one it had. */
  readonly percentage: number;
  /** The last progress report while processing; null when pending or finished. */
  readonly progress: Readonly<JobProgress> | null;
  /** As given at creation, without the timing keys (they are derived from the times above). */
  readonly metadata: Readonly<JobMetadata>;
  readonly result: Readonly<JobResultSummary> | null;
  /** Its `timestamp` is `finishedAt`. */
  readonly error: Readonly<Omit<JobError, 'timestamp'>> | null;
  /**
   * Who submitted it (the API key's name), null when nobody in particular (no keys configured).
   * Set at creation, never changed; a store keeps it with the job (Redis: in the job's hash).
   */
  readonly owner: string | null;
}

export type NewJobRecord = Omit<JobRecord, 'order'>;

export interface InsertOutcome {
  record: JobRecord;
  /** The finished job removed to make room, if the store was full. */
  evictedId: string | null;
}

export interface ListQuery {
  status?: JobStatus | undefined;
  /** Only jobs created before this ordinal (the previous page's last one). */
  beforeOrder?: number | undefined;
  /** Only jobs of this owner (see `JobRecord.owner`). */
  owner?: string | undefined;
  limit: number;
}

export interface StoreCounts {
  counts: Record<JobStatus, number>;
  total: number;
  oldestCreatedAt: number | null;
  newestCreatedAt: number | null;
}

/**
 * Where job state lives. Small and promise-based so that a Redis store can implement it.
 *
 * Rules every implementation keeps:
 * - `update` is atomic per job, and the promises of `insert`/`update` resolve in the order the
 *   writes were committed (the tracker publishes events in that order, so subscribers see `seq`
 *   in order without gaps).
 * - Finished jobs leave through `removeFinished` (retention) or `insert` (cap) only, oldest
 *   finished first; both cost what they remove, not what is stored.
 * - The per-job history (every version since creation) is kept until `trimHistories` drops it
 *   for jobs finished long enough ago, or the job is removed.
 */
export interface JobStore {
  /**
   * Stores a new job with the next creation ordinal. When `maxStored` jobs are stored, the oldest
   * finished one is removed first; when none is finished, rejects with `CAPACITY_EXCEEDED`.
   * Rejects with `INVALID_ARGUMENT` when the id is taken.
   */
  insert(job: NewJobRecord, maxStored: number): Promise<InsertOutcome>;
  get(id: string): Promise<JobRecord | undefined>;
  /**
   * Replaces the job with `change(current)`. `change` may throw (nothing is written) or return
   * `current` itself (nothing is written either). Rejects with `JOB_NOT_FOUND` for an unknown id.
   */
  update(id: string, change: (current: JobRecord) => JobRecord): Promise<JobRecord>;
  /**
   * The versions with `seq > afterSeq` still held, oldest first; `undefined` when the store holds
   * no history for the id (unknown, removed, or trimmed).
   */
  history(id: string, afterSeq: number): Promise<readonly JobRecord[] | undefined>;
  /** Newest first. */
  list(query: ListQuery): Promise<JobRecord[]>;
  /** Of every job, or of one owner's jobs only. */
  counts(owner?: string): Promise<StoreCounts>;
  /** Jobs still processing that started at or before `startedAtOrBefore`, oldest first. */
  processingStartedBefore(startedAtOrBefore: number): Promise<JobRecord[]>;
  /** Removes up to `limit` finished jobs with `finishedAt <= finishedAtOrBefore`, oldest first; returns their ids. */
  removeFinished(finishedAtOrBefore: number, limit: number): Promise<string[]>;
  /** Drops the history of jobs with `finishedAt <= finishedAtOrBefore`; returns how many. */
  trimHistories(finishedAtOrBefore: number): Promise<number>;
  close(): Promise<void>;
}
