import type { PipelinePhase } from '@noticias/contract';
import { PipelineError } from '@noticias/pipeline';
import { TrackerError } from '@noticias/tracker';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import {
  isDomainError,
  JobNotFoundError,
  type ApiErrorCode,
  type DomainError,
  type ValidationSubject,
} from './api-errors.ts';

// The one place where domain errors become transport errors. REST builds its envelope from
// `kind`, `httpStatus` and the optional fields; tRPC uses `trpcCode` and puts the same fields in
// the error's `data`.

/** The contract's envelope kinds (`error` field of REST error bodies). */
export type ErrorKind = 'validation_error' | 'http_error' | 'service_unavailable' | 'internal_error';

export type MappedErrorCode = ApiErrorCode | 'INVALID_ARGUMENT' | 'INTERNAL';

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
  articulo: 'Error en la validación del artículo',
  fragmento: 'Error en la validación del fragmento',
};
export const INTERNAL_ERROR_MESSAGE = 'Error interno del pipeline';

/** A stopped server tells callers to come back shortly (to it after a restart, or to a sibling). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 5;
const STORE_FULL_RETRY_AFTER_SECONDS = 5;
const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function supportCode(phase: PipelinePhase | null, nowMs: number): string {
  return `ERR_PIPE_${(phase ?? 'general').toUpperCase()}_${Math.floor(nowMs / 1000)}`;
}

function internal(phase: PipelinePhase | null, nowMs: number, jobId?: string): MappedError {
  return {
    code: 'INTERNAL',
    kind: 'internal_error',
    httpStatus: 500,
    trpcCode: 'INTERNAL_SERVER_ERROR',
    mensaje: INTERNAL_ERROR_MESSAGE,
    supportCode: supportCode(phase, nowMs),
    ...(jobId === undefined ? {} : { jobId }),
  };
}

function unavailable(mensaje: string, retryAfterSeconds: number): MappedError {
  return {
    code: 'SERVICE_UNAVAILABLE',
    kind: 'service_unavailable',
    httpStatus: 503,
    trpcCode: 'SERVICE_UNAVAILABLE',
    mensaje,
    retryAfterSeconds,
  };
}

function notFound(jobId: string): MappedError {
  return {
    code: 'JOB_NOT_FOUND',
    kind: 'http_error',
    httpStatus: 404,
    trpcCode: 'NOT_FOUND',
    mensaje: new JobNotFoundError(jobId).message,
    jobId,
  };
}

function mapDomainError(error: DomainError, nowMs: number): MappedError {
  switch (error.code) {
    case 'VALIDATION_FAILED':
      return {
        code: error.code,
        kind: 'validation_error',
        httpStatus: 400,
        trpcCode: 'BAD_REQUEST',
        mensaje: VALIDATION_MESSAGES[error.subject],
        detalles: error.detalles,
      };
    case 'JOB_NOT_FOUND':
      return notFound(error.jobId);
    case 'SERVICE_UNAVAILABLE':
      return unavailable(error.message, error.retryAfterSeconds);
    case 'JOB_FAILED':
      if (error.tipo === 'shutdown')
        return { ...unavailable(error.message, SHUTDOWN_RETRY_AFTER_SECONDS), jobId: error.jobId };
      return internal(error.fase, nowMs, error.jobId);
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
        return unavailable(
          'El almacén de jobs está lleno de trabajos sin terminar. Inténtelo de nuevo más tarde.',
          STORE_FULL_RETRY_AFTER_SECONDS,
        );
      case 'STORE_UNAVAILABLE':
        return unavailable(
          'El almacén de jobs no responde. Inténtelo de nuevo más tarde.',
          STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
        );
      case 'TRACKER_CLOSED':
        return unavailable('El servicio se está deteniendo y no acepta trabajos nuevos.', SHUTDOWN_RETRY_AFTER_SECONDS);
      case 'INVALID_ARGUMENT':
        // A bad cursor or similar caller-supplied argument; the tracker's message names it.
        return {
          code: 'INVALID_ARGUMENT',
          kind: 'http_error',
          httpStatus: 400,
          trpcCode: 'BAD_REQUEST',
          mensaje: error.message,
        };
      case 'INVALID_TRANSITION':
        return internal(null, now(), error.jobId);
    }
  }
  if (error instanceof PipelineError) return internal(error.phase, now());
  return internal(null, now());
}
