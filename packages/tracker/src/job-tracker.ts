import type {
  JobError,
  JobEvent,
  JobKind,
  JobMetadata,
  JobProgress,
  JobResultSummary,
  JobSnapshot,
  JobStatus,
} from '@noticias/contract';

// The public shape of a job tracker. Every method returns a promise so that a Redis/BullMQ
// backend can implement the same interface; callers never depend on the in-memory one.

export interface CreateJobInput {
  kind: JobKind;
  metadata: JobMetadata;
  /** Normally generated (`req_` + 32 hex chars from a CSPRNG); injectable for tests. */
  id?: string;
  /** Who submits it (an API key's name); kept with the job, see `OwnerFilter`. Default: null. */
  owner?: string | null;
}

/**
 * Restricts a read to one owner's jobs: another owner's job (or one without an owner) reads as
 * if it did not exist. Absent: every job.
 */
export interface OwnerFilter {
  owner?: string | undefined;
}

export interface ProgressUpdate {
  percentage: number;
  message: string;
  phase?: JobProgress['phase'];
  phase_index?: number;
  phase_count?: number;
}

export interface ListJobsOptions extends OwnerFilter {
  status?: JobStatus;
  /** Default 50, at most 500. */
  limit?: number;
  /** Opaque; from a previous page's `nextCursor`. */
  cursor?: string | null;
}

export interface JobPage {
  items: JobSnapshot[];
  nextCursor: string | null;
}

export interface TrackerLimits {
  retentionMs: number;
  maxStored: number;
  timeoutMs: number;
  sweepIntervalMs: number;
}

export interface TrackerStats {
  counts: Record<JobStatus, number>;
  total: number;
  /** Age in ms of the oldest / newest stored job, null when empty. */
  oldestAgeMs: number | null;
  newestAgeMs: number | null;
  limits: TrackerLimits;
}

export interface SubscribeOptions extends OwnerFilter {
  /** The last `seq` the caller saw; events up to and including it are not sent again. */
  afterSeq?: number;
  signal?: AbortSignal;
}

export interface SubscribeAllOptions extends OwnerFilter {
  status?: JobStatus;
  signal?: AbortSignal;
}

export interface JobTracker {
  create(input: CreateJobInput): Promise<JobSnapshot>;
  /** pending -> processing */
  start(id: string): Promise<JobSnapshot>;
  /** Only while processing. */
  progress(id: string, update: ProgressUpdate): Promise<JobSnapshot>;
  /** processing -> completed */
  complete(id: string, result: JobResultSummary): Promise<JobSnapshot>;
  /** pending | processing -> failed. `timestamp` is filled in by the tracker. */
  fail(id: string, error: Omit<JobError, 'timestamp'>): Promise<JobSnapshot>;
  get(id: string, filter?: OwnerFilter): Promise<JobSnapshot | undefined>;
  list(options?: ListJobsOptions): Promise<JobPage>;
  /** With an owner: that owner's jobs only (`limits` stay the tracker's). */
  stats(filter?: OwnerFilter): Promise<TrackerStats>;
  /**
   * The job's events after `afterSeq` (its current snapshot first when nothing was seen), then
   * every change; ends after the terminal state or when `signal` aborts. Rejects with
   * `TrackerError` code `JOB_NOT_FOUND` for an unknown id (or another owner's job).
   */
  subscribe(id: string, options?: SubscribeOptions): AsyncIterable<JobEvent>;
  /** Every change of every job (optionally one status only) until `signal` aborts. */
  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<JobEvent>;
  /**
   * Relays a cancel to whichever runner holds the job: calls the `onCancelRequest` listeners
   * (in every process, for a shared backend) and resolves true when one of them took it (it
   * then aborts the run and records the failure itself). False: nobody runs or queues the job.
   * It changes no state by itself.
   */
  requestCancel(id: string): Promise<boolean>;
  /** A runner's listener for `requestCancel`; it returns whether it holds the job. Returns the unsubscribe. */
  onCancelRequest(listener: (id: string) => boolean): () => void;
  /** Live listeners (per-job and global); 0 once every subscriber has gone. */
  listenerCount(): number;
  /** Removes expired finished jobs and fails timed-out ones; returns how many were removed. */
  sweep(): Promise<number>;
  /** Stops the sweep timer and ends every subscription. */
  close(): Promise<void>;
}
