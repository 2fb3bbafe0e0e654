import { ERROR_CATALOGUE, errorMessage, type ErrorCode, type ErrorKind, type PipelinePhase } from '@noticias/contract';
import { PipelineError } from '@noticias/pipeline';
import { TrackerError } from '@noticias/tracker';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { isDomainError, type DomainError, type ValidationSubject } from './api-errors.ts';

// The one place where domain errors become transport errors. Codes, statuses, tRPC codes and
// messages come from the contract's error catalogue (docs/errors.md); REST builds its envelope
// from `kind`, `httpStatus` and the optional fields; tRPC uses `trpcCode` and puts the same fields
// in the error's `data`.

export type { ErrorKind };
export type MappedErrorCode = ErrorCode;

export interface MappedError {
  code: MappedErrorCode;
  kind: ErrorKind;
  httpStatus: number;
  trpcCode: TRPC_ERROR_CODE_KEY;
  /** Safe to show to callers. */
  mensaje: string;
  detalles?: string[];
  retryAfterSeconds?: number;
  /** `ERR_PIPE_<PHASE>_<unix seconds>`, for 500s: the caller quotes it, the log has the real error. */
  supportCode?: string;
  jobId?: string;
}

export const VALIDATION_MESSAGES: Record<ValidationSubject, string> = {
  articulo: errorMessage('VALIDATION_FAILED', {}, 'articulo'),
  fragmento: errorMessage('VALIDATION_FAILED', {}, 'fragmento'),
};
export const INTERNAL_ERROR_MESSAGE = errorMessage('INTERNAL');

/** A stopped server tells callers to come back shortly (to it after a restart, or to a sibling). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 5;
const STORE_FULL_RETRY_AFTER_SECONDS = 5;
const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The catalogue's facts for `code`, with this occurrence's message and fields. */
export function catalogued(code: ErrorCode, mensaje: string, fields: Partial<MappedError> = {}): MappedError {
  const entry = ERROR_CATALOGUE[code];
  // The catalogue names tRPC codes without depending on tRPC; this assignment checks them.
  const trpcCode: TRPC_ERROR_CODE_KEY = entry.trpcCode;
  return { ...fields, code, kind: entry.kind, httpStatus: entry.httpStatus, trpcCode, mensaje };
}

export function supportCode(phase: PipelinePhase | null, nowMs: number): string {
  return `ERR_PIPE_${(phase ?? 'general').toUpperCase()}_${Math.floor(nowMs / 1000)}`;
}

function internal(phase: PipelinePhase | null, nowMs: number, jobId?: string): MappedError {
  return catalogued('INTERNAL', INTERNAL_ERROR_MESSAGE, {
    supportCode: supportCode(phase, nowMs),
    ...(jobId === undefined ? {} : { jobId }),
  });
}

function unavailable(mensaje: string, retryAfterSeconds: number): MappedError {
  return catalogued('SERVICE_UNAVAILABLE', mensaje, { retryAfterSeconds });
}

function notFound(jobId: string): MappedError {
  return catalogued('JOB_NOT_FOUND', errorMessage('JOB_NOT_FOUND', { job_id: jobId }), { jobId });
}

function mapDomainError(error: DomainError, nowMs: number): MappedError {
  switch (error.code) {
    case 'VALIDATION_FAILED':
      return catalogued('VALIDATION_FAILED', VALIDATION_MESSAGES[error.subject], { detalles: error.detalles });
    case 'JOB_NOT_FOUND':
      return notFound(error.jobId);
    case 'SERVICE_UNAVAILABLE':
      return unavailable(error.message, error.retryAfterSeconds);
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return catalogued(error.code, error.message);
    case 'RATE_LIMITED':
      return catalogued('RATE_LIMITED', error.message, { retryAfterSeconds: error.retryAfterSeconds });
    case 'JOB_FAILED':
      if (error.tipo === 'shutdown')
        return { ...unavailable(error.message, SHUTDOWN_RETRY_AFTER_SECONDS), jobId: error.jobId };
      // A caller waiting on a job someone cancelled: not a server fault.
      if (error.tipo === 'cancelled') return catalogued('JOB_FINISHED', error.message, { jobId: error.jobId });
      return internal(error.fase, nowMs, error.jobId);
    case 'JOB_FINISHED':
      return catalogued('JOB_FINISHED', error.message, { jobId: error.jobId });
    case 'IDEMPOTENCY_CONFLICT':
      return catalogued('IDEMPOTENCY_CONFLICT', error.message);
  }
}

/** Maps any error to what callers may see. Unknown errors become a 500 that reveals nothing. */
export function mapError(error: unknown, now: () => number = Date.now): MappedError {
  if (isDomainError(error)) return mapDomainError(error, now());
  if (error instanceof TrackerError) {
    switch (error.code) {
      case 'JOB_NOT_FOUND':
        return notFound(error.jobId ?? '');
      case 'CAPACITY_EXCEEDED':
        return unavailable(errorMessage('SERVICE_UNAVAILABLE', {}, 'store_full'), STORE_FULL_RETRY_AFTER_SECONDS);
      case 'STORE_UNAVAILABLE':
        return unavailable(
          errorMessage('SERVICE_UNAVAILABLE', {}, 'store_unavailable'),
          STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
        );
      case 'TRACKER_CLOSED':
        return unavailable(errorMessage('SERVICE_UNAVAILABLE', {}, 'shutting_down'), SHUTDOWN_RETRY_AFTER_SECONDS);
      case 'INVALID_ARGUMENT':
        // A bad cursor or similar caller-supplied argument; the tracker's message names it.
        return catalogued('INVALID_ARGUMENT', errorMessage('INVALID_ARGUMENT', { detalle: error.message }));
      case 'INVALID_TRANSITION':
        return internal(null, now(), error.jobId);
    }
  }
  if (error instanceof PipelineError) return internal(error.phase, now());
  return internal(null, now());
}
