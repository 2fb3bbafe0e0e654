import type { PipelineResult } from '@noticias/contract';
import type { JobInput } from './job-input.ts';

/** How a job run by another process ended: the full result tree, or failed (its error is in the tracker). */
export type QueuedOutcome = { ok: true; result: PipelineResult } | { ok: false };

export interface QueuedJob {
  /** Resolves when the job finishes, or with `undefined` when `timeoutMs` passes first. */
  finished(timeoutMs: number): Promise<QueuedOutcome | undefined>;
}

/**
 * Where submissions go when worker processes run them (`ROLE=api`), e.g. a BullMQ queue. The
 * tracker still holds the job's state; the queue carries its input to a worker and the full
 * result back to a caller that waits.
 */
export interface JobQueue {
  enqueue(jobId: string, input: JobInput): Promise<QueuedJob>;
  /** Jobs no worker has taken yet; `QUEUE_MAX` applies to it. */
  waitingCount(): Promise<number>;
  /** Takes a job out of the queue if no worker has taken it yet; true when it was removed. */
  remove(jobId: string): Promise<boolean>;
}
