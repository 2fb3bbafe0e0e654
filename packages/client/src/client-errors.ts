import type { ErrorCode, JobError, JobSnapshot } from '@noticias/contract';
import catalogue from '@noticias/contract/error-catalogue.json' with { type: 'json' };
import { TRPCClientError } from '@trpc/client';

export type ClientErrorCode = 'JOB_FAILED' | 'JOB_NOT_FOUND' | 'WAIT_TIMEOUT' | 'CONNECTION_LOST';

/** Base of the errors the SDK's helpers throw; switch on `code`, which never changes. */
export abstract class NoticiasClientError extends Error {
  abstract readonly code: ClientErrorCode;
  abstract readonly jobId: string;
}

/** The job ended `failed`. `error` is the job's own `{ tipo, mensaje, fase, timestamp }`. */
export class JobFailedError extends NoticiasClientError {
  override readonly name = 'JobFailedError';
  readonly code = 'JOB_FAILED' as const;
  readonly jobId: string;
  readonly error: JobError | undefined;
  constructor(readonly job: JobSnapshot) {
    super(`El job ${job.job_id} falló: ${job.error?.mensaje ?? 'sin detalle'}`);
    this.jobId = job.job_id;
    this.error = job.error;
  }
}

/** Unknown id, or a job that expired (finished jobs are kept for a limited time). */
export class JobNotFoundError extends NoticiasClientError {
  override readonly name = 'JobNotFoundError';
  readonly code = 'JOB_NOT_FOUND' as const;
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(catalogue.errors.JOB_NOT_FOUND.message.replace('{job_id}', jobId), options);
  }
}

/** `waitForJob` gave up after `timeoutMs`; the job itself goes on on the server. */
export class WaitTimeoutError extends NoticiasClientError {
  override readonly name = 'WaitTimeoutError';
  readonly code = 'WAIT_TIMEOUT' as const;
  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
    /** The last state seen before giving up, if any. */
    readonly lastSnapshot: JobSnapshot | undefined,
  ) {
    super(`El job ${jobId} no terminó en ${timeoutMs} ms`);
  }
}

/** The live connection stayed down longer than `giveUpAfterMs`; the job itself goes on on the server. */
export class ConnectionLostError extends NoticiasClientError {
  override readonly name = 'ConnectionLostError';
  readonly code = 'CONNECTION_LOST' as const;
  constructor(
    readonly jobId: string,
    readonly downForMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Se perdió la conexión con el servidor mientras se seguía el job ${jobId}`, options);
  }
}

/** The tRPC error code (`NOT_FOUND`, `BAD_REQUEST`, ...) of a server error, if it is one. */
export function trpcErrorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return undefined;
  return typeof data.code === 'string' ? data.code : undefined;
}

/** The error catalogue's code (docs/errors.md) of a server error, if it carries one. */
export function apiErrorCode(error: unknown): ErrorCode | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('apiCode' in data)) return undefined;
  return typeof data.apiCode === 'string' && data.apiCode in catalogue.errors ? (data.apiCode as ErrorCode) : undefined;
}

/** The server's JOB_NOT_FOUND becomes `JobNotFoundError`; anything else is returned unchanged. */
export function toJobError(error: unknown, jobId: string): unknown {
  return apiErrorCode(error) === 'JOB_NOT_FOUND' ? new JobNotFoundError(jobId, { cause: error }) : error;
}
