import type { JobSnapshot, PipelineResult } from '@noticias/contract';
import type { JobTracker } from '@noticias/tracker';
import { IdempotencyConflictError } from '../errors/api-errors.ts';
import { LOCAL_CALLER, submissionOwner } from '../access/caller.ts';
import type { ReadTokens } from '../access/read-tokens.ts';
import { inputFingerprint } from './idempotency-key.ts';
import type { IdempotencyStore, IdempotentAnswer } from './idempotency-store.ts';
import type { JobInput } from './job-input.ts';
import type { SubmitOptions, Submission } from './submission.ts';

/** What an idempotent submission needs from the job service that makes it. */
export interface IdempotentSubmissionDeps {
  store: IdempotencyStore;
  tracker: JobTracker;
  readTokens: ReadTokens;
  /** The plain submission; `onCreated` is called as soon as its job exists. */
  submit<R extends PipelineResult>(
    input: JobInput,
    submitOptions: SubmitOptions,
    onCreated: (job: JobSnapshot) => void,
  ): Promise<Submission<R>>;
}

/** Idempotency keys live in the submitting owner's space (no owner: one shared space). */
function scopedKey(key: string, owner: string | null): string {
  return owner === null ? `-:${key}` : `k:${owner}:${key}`;
}

async function replay<R extends PipelineResult>(
  deps: IdempotentSubmissionDeps,
  answer: IdempotentAnswer,
): Promise<Submission<R>> {
  const job = (await deps.tracker.get(answer.job.job_id).catch(() => undefined)) ?? answer.job;
  const read_token = deps.readTokens.issue(job.job_id);
  if (answer.mode === 'async') return { mode: 'async', job, read_token, replayed: true };
  if ('error' in answer) throw answer.error;
  return { mode: 'wait', job, result: answer.result as R, read_token, replayed: true };
}

/**
 * The first request of a key submits and records its answer (async: once the job exists;
 * wait: once it has its outcome); later ones with the same input get that answer, waiting for
 * it if need be. A first request that creates no job (503) releases the key.
 */
export async function submitOnce<R extends PipelineResult>(
  deps: IdempotentSubmissionDeps,
  input: JobInput,
  key: string,
  submitOptions: SubmitOptions,
): Promise<Submission<R>> {
  const { store } = deps;
  const fingerprint = inputFingerprint(input);
  const scoped = scopedKey(key, submissionOwner(submitOptions.caller ?? LOCAL_CALLER));
  for (;;) {
    const claim = await store.claim(scoped, fingerprint);
    if (claim.status === 'existing') {
      if (claim.fingerprint !== fingerprint) throw new IdempotencyConflictError();
      const answer = await claim.answer;
      if (answer) return replay<R>(deps, answer);
      continue;
    }
    let created: JobSnapshot | undefined;
    try {
      const submission = await deps.submit<R>(input, submitOptions, (job) => {
        created = job;
      });
      await store.record(scoped, submission);
      return submission;
    } catch (error) {
      if (created) await store.record(scoped, { mode: 'wait', job: created, error });
      else await store.release(scoped);
      throw error;
    }
  }
}
