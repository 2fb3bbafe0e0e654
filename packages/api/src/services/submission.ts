import type { JobSnapshot, PipelineResult } from '@noticias/contract';
import type { Caller } from '../access/caller.ts';

/** `auto`: wait unless the content is longer than the async threshold; `wait` / `async` force it. */
export type SubmitMode = 'auto' | 'wait' | 'async';

export interface SubmitOptions {
  mode?: SubmitMode;
  /** Who submits: the job is recorded as theirs. Default: LOCAL_CALLER (no owner). */
  caller?: Caller;
  /**
   * The caller's `Idempotency-Key` (already checked with `isValidIdempotencyKey`): a retry with
   * the same input answers what the first request answered, without a second job. Keys are
   * scoped to the submitting API key, so two keys never see each other's answers.
   */
  idempotencyKey?: string;
}

/**
 * `wait`: the job ran to completion and the full result tree is here. `async`: accepted, running
 * in the background. `read_token`: a signed read-only token for this job (`?access_token=`).
 */
export type Submission<R extends PipelineResult> = (
  | { mode: 'wait'; job: JobSnapshot; result: R; read_token: string }
  | { mode: 'async'; job: JobSnapshot; read_token: string }
) & {
  /** True when this answers an earlier request with the same idempotency key. */
  replayed?: boolean;
};
