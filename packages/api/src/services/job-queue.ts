import type { PipelineResult } from '@noticias/contract';
import type { JobInput } from './job-input.ts';

/**
 * How a job run by another process ended: completed, with the full result tree when a caller
 * waits for it (null when none does: the result store has it), or failed (its error is in the
 * tracker).
 */
export type QueuedOutcome = { ok: true; result: PipelineResult | null } | { ok: false };

export interface EnqueueOptions {
  /**
   * A caller waits for this job's result: it comes back through the queue. Otherwise it does
   * not, since every api process would read it there for nobody.
   */
  awaited: boolean;
}

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
  enqueue(jobId: string, input: JobInput, options: EnqueueOptions): Promise<QueuedJob>;
  /** Jobs no worker has taken yet; `QUEUE_MAX` applies to it. */
  waitingCount(): Promise<number>;
  /** Takes a job out of the queue if no worker has taken it yet; true when it was removed. */
  remove(jobId: string): Promise<boolean>;
}
