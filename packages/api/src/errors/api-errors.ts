import type { PipelinePhase } from '@noticias/contract';

export type ApiErrorCode = 'VALIDATION_FAILED' | 'JOB_NOT_FOUND' | 'SERVICE_UNAVAILABLE' | 'JOB_FAILED';

/** Base of the API's domain errors; `code` is stable and drives the mapping in error-map.ts. */
export abstract class ApiError extends Error {
  abstract readonly code: ApiErrorCode;
}

export type ValidationSubject = 'articulo' | 'fragmento';

/** Invalid input. `detalles` are the contract's Spanish lines, one per problem. */
export class InputValidationError extends ApiError {
  override readonly name = 'InputValidationError';
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(
    readonly subject: ValidationSubject,
    readonly detalles: string[],
  ) {
    super(`Invalid ${subject}: ${detalles.join('; ')}`);
  }
}

export class JobNotFoundError extends ApiError {
  override readonly name = 'JobNotFoundError';
  readonly code = 'JOB_NOT_FOUND' as const;
  constructor(readonly jobId: string) {
    super(`Job con ID '${jobId}' no encontrado. Verifique que el ID sea correcto.`);
  }
}

export type UnavailableReason = 'queue_full' | 'store_full' | 'shutting_down' | 'overloaded';

const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  queue_full: 'La cola de procesamiento está llena. Inténtelo de nuevo más tarde.',
  store_full: 'El almacén de jobs está lleno de trabajos sin terminar. Inténtelo de nuevo más tarde.',
  shutting_down: 'El servicio se está deteniendo y no acepta trabajos nuevos.',
  overloaded: 'El servicio está sobrecargado. Inténtelo de nuevo más tarde.',
};

/** Over capacity or stopping: the submission was refused, never accepted and dropped. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError';
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  constructor(
    readonly reason: UnavailableReason,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(UNAVAILABLE_MESSAGES[reason], options);
  }
}

/** What a failed job records; mirrors the contract's `error` minus its timestamp. */
export type JobFailureType = 'pipeline_error' | 'worker_crashed' | 'timeout' | 'shutdown' | 'internal_error';

/** A job that a caller waited for ended `failed`. The real cause is kept for logs only. */
export class JobFailedError extends ApiError {
  override readonly name = 'JobFailedError';
  readonly code = 'JOB_FAILED' as const;
  constructor(
    readonly jobId: string,
    readonly tipo: JobFailureType,
    readonly fase: PipelinePhase | null,
    publicMessage: string,
    options?: { cause?: unknown },
  ) {
    super(publicMessage, options);
  }
}

/** Abort reasons the runner hands to a running job. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
  readonly code = 'JOB_TIMEOUT' as const;
  constructor(readonly timeoutMs: number) {
    super(`El job superó el tiempo máximo de ${Math.round(timeoutMs / 1000)} s`);
  }
}

export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
  readonly code = 'SHUTDOWN' as const;
  constructor() {
    super('El servidor se detuvo antes de que el job terminara');
  }
}

/** Every concrete domain error; switching on `code` narrows to one of them. */
export type DomainError = InputValidationError | JobNotFoundError | ServiceUnavailableError | JobFailedError;

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof ApiError;
}
