import type { JobSnapshot, PipelineResult } from '@noticias/contract';
import { TrackerError, type TrackerErrorCode } from '@noticias/tracker';
import { JobFailedError, type JobFailureType } from '../errors/api-errors.ts';
import type { IdempotencyClaim, IdempotencyStore, IdempotentAnswer } from './idempotency-store.ts';

/**
 * Claims on keys that several processes share (e.g. Redis): atomic `claim`, answers stored as
 * text. `createSharedIdempotencyStore` turns them into an `IdempotencyStore`.
 */
export interface SharedKeyClaims {
  claim(
    key: string,
    fingerprint: string,
  ): Promise<{ status: 'claimed' } | { status: 'existing'; fingerprint: string; answer: Promise<string | null> }>;
  record(key: string, answer: string): Promise<void>;
  release(key: string): Promise<void>;
  size(): Promise<number>;
}

type StoredError =
  | { kind: 'job_failed'; tipo: JobFailureType; fase: JobFailedError['fase']; mensaje: string }
  | { kind: 'tracker'; code: TrackerErrorCode; message: string };

type StoredAnswer =
  | { mode: 'async'; job: JobSnapshot }
  | { mode: 'wait'; job: JobSnapshot; result: PipelineResult }
  | { mode: 'wait'; job: JobSnapshot; error: StoredError };

function encode(answer: IdempotentAnswer): string {
  // Only the answer's own fields: a submission also carries its read token, a credential that
  // has no place in the store (a replay is given a fresh one).
  if (!('error' in answer))
    return JSON.stringify(
      answer.mode === 'async'
        ? ({ mode: 'async', job: answer.job } satisfies StoredAnswer)
        : ({ mode: 'wait', job: answer.job, result: answer.result } satisfies StoredAnswer),
    );
  const { error } = answer;
  const stored: StoredError =
    error instanceof TrackerError
      ? { kind: 'tracker', code: error.code, message: error.message }
      : error instanceof JobFailedError
        ? { kind: 'job_failed', tipo: error.tipo, fase: error.fase, mensaje: error.message }
        : // Any other failure after the job existed: the job's own final state tells the rest.
          { kind: 'job_failed', tipo: 'internal_error', fase: null, mensaje: 'Error interno del pipeline' };
  return JSON.stringify({ mode: 'wait', job: answer.job, error: stored } satisfies StoredAnswer);
}

function decode(text: string): IdempotentAnswer {
  const stored = JSON.parse(text) as StoredAnswer;
  if (!('error' in stored)) return stored;
  const { error, job } = stored;
  return {
    mode: 'wait',
    job,
    error:
      error.kind === 'tracker'
        ? new TrackerError(error.code, error.message, job.job_id)
        : new JobFailedError(job.job_id, error.tipo, error.fase, error.mensaje),
  };
}

/** An `IdempotencyStore` over claims shared by every process: answers travel as JSON. */
export function createSharedIdempotencyStore(claims: SharedKeyClaims): IdempotencyStore {
  return {
    async claim(key, fingerprint): Promise<IdempotencyClaim> {
      const claim = await claims.claim(key, fingerprint);
      if (claim.status === 'claimed') return claim;
      return {
        status: 'existing',
        fingerprint: claim.fingerprint,
        answer: claim.answer.then((text) => (text === null ? null : decode(text))),
      };
    },
    record: (key, answer) => claims.record(key, encode(answer)),
    release: (key) => claims.release(key),
    size: () => claims.size(),
  };
}
