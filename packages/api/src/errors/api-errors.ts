import { errorMessage, jobFailureMessage, type JobFailureType, type PipelinePhase } from '@noticias/contract';

export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'JOB_NOT_FOUND'
  | 'SERVICE_UNAVAILABLE'
  | 'JOB_FAILED'
  | 'JOB_FINISHED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED';

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
    super(errorMessage('JOB_NOT_FOUND', { job_id: jobId }));
  }
}

export type UnavailableReason = 'queue_full' | 'store_full' | 'shutting_down' | 'overloaded';

/** Over capacity or stopping: the submission was refused, never accepted and dropped. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError';
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  constructor(
    readonly reason: UnavailableReason,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(errorMessage('SERVICE_UNAVAILABLE', {}, reason), options);
  }
}

export type { JobFailureType };

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

/** A cancel asked for a job that already has its final state. */
export class JobFinishedError extends ApiError {
  override readonly name = 'JobFinishedError';
  readonly code = 'JOB_FINISHED' as const;
  constructor(
    readonly jobId: string,
    readonly status: 'completed' | 'failed',
  ) {
    super(errorMessage('JOB_FINISHED', { job_id: jobId, status }));
  }
}

/** An `Idempotency-Key` seen before with another body. */
export class IdempotencyConflictError extends ApiError {
  override readonly name = 'IdempotencyConflictError';
  readonly code = 'IDEMPOTENCY_CONFLICT' as const;
  constructor() {
    super(errorMessage('IDEMPOTENCY_CONFLICT'));
  }
}

/** Abort reasons the runner hands to a running job. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
  readonly code = 'JOB_TIMEOUT' as const;
  constructor(readonly timeoutMs: number) {
    super(jobFailureMessage('timeout', { segundos: Math.round(timeoutMs / 1000) }));
  }
}

export const CANCELLED_MESSAGE = jobFailureMessage('cancelled');

export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  readonly code = 'JOB_CANCELLED' as const;
  constructor() {
    super(CANCELLED_MESSAGE);
  }
}

export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
  readonly code = 'SHUTDOWN' as const;
  constructor() {
    super(jobFailureMessage('shutdown'));
  }
}

export const UNAUTHORIZED_MESSAGES = {
  missing: errorMessage('UNAUTHORIZED'),
  read_only: errorMessage('UNAUTHORIZED', {}, 'read_only'),
  admin_only: errorMessage('UNAUTHORIZED', {}, 'admin_only'),
} as const;

/** No valid credentials for what was asked (missing or unknown key, bad token, a read token used for anything else). */
export class AccessDeniedError extends ApiError {
  override readonly name = 'AccessDeniedError';
  readonly code = 'UNAUTHORIZED' as const;
  constructor(readonly reason: keyof typeof UNAUTHORIZED_MESSAGES = 'read_only') {
    super(UNAUTHORIZED_MESSAGES[reason]);
  }
}

export const FORBIDDEN_MESSAGE = errorMessage('FORBIDDEN');

/** Protected mode (no keys configured) refusing a client that is not on a loopback address. */
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN' as const;
  constructor() {
    super(FORBIDDEN_MESSAGE);
  }
}

export type RateLimitedVariant = 'requests' | 'streams';

/** Over a rate limit (`requests`) or a live-stream cap (`streams`). */
export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
  readonly code = 'RATE_LIMITED' as const;
  constructor(
    readonly retryAfterSeconds: number,
    readonly variant: RateLimitedVariant = 'requests',
  ) {
    super(errorMessage('RATE_LIMITED', {}, variant === 'streams' ? 'streams' : undefined));
  }
}

/** Every concrete domain error; switching on `code` narrows to one of them. */
export type DomainError =
  | InputValidationError
  | JobNotFoundError
  | ServiceUnavailableError
  | JobFailedError
  | JobFinishedError
  | IdempotencyConflictError
  | AccessDeniedError
  | ForbiddenError
  | RateLimitedError;

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof ApiError;
}
