import type { ErrorCode } from '@noticias/contract';
import catalogue from '@noticias/contract/error-catalogue.json' with { type: 'json' };
import { TRPCClientError } from '@trpc/client';
import { ConnectionLostError, JobFailedError, JobNotFoundError, WaitTimeoutError } from '../client-errors.ts';
import { UsageError } from './parse-args.ts';
import { InputFileError } from './read-submission.ts';

export const EXIT = {
  ok: 0,
  jobFailed: 1,
  usage: 2,
  unreachable: 3,
  timedOut: 4,
  interrupted: 130,
} as const;

export interface DescribedError {
  message: string;
  exitCode: number;
}

interface ServerErrorData {
  code?: string;
  /** The error catalogue's code (docs/errors.md), present on every error the API maps. */
  apiCode?: ErrorCode;
  detalles?: string[];
  retryAfterSeconds?: number;
  supportCode?: string;
  jobId?: string;
}

/** The innermost cause's code or message: `ECONNREFUSED` says more than `fetch failed`. */
function rootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const next: unknown = (current as { cause?: unknown } | null)?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  const code = (current as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return current instanceof Error ? current.message : String(current);
}

function describeServerError(error: TRPCClientError<never>, url: string): DescribedError {
  const data = error.data as ServerErrorData | undefined;
  if (!data?.code) {
    return {
      message:
        `No se pudo hablar con el servidor en ${url} (${rootCause(error)}).\n` +
        `Compruebe que está arrancado (pnpm start) o indique otro con --url.`,
      exitCode: EXIT.unreachable,
    };
  }
  switch (data.apiCode) {
    case 'VALIDATION_FAILED':
    case 'INVALID_ARGUMENT': {
      const detalles = (data.detalles ?? []).map((line) => `\n  - ${line}`).join('');
      return { message: `El servidor rechazó la entrada: ${error.message}${detalles}`, exitCode: EXIT.usage };
    }
    case 'JOB_NOT_FOUND':
      return { message: error.message, exitCode: EXIT.unreachable };
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return {
        message: `El servidor rechazó el acceso: ${error.message} (clave: --api-key o NOTICIAS_API_KEY).`,
        exitCode: EXIT.usage,
      };
    case 'JOB_FINISHED':
      // A cancel of a job that had already finished.
      return { message: error.message, exitCode: EXIT.jobFailed };
    default: {
      if (data.apiCode !== undefined && catalogue.errors[data.apiCode].retryAfter) {
        const retry = data.retryAfterSeconds ? ` Reintente en ${data.retryAfterSeconds} s.` : '';
        return {
          message: `El servidor no acepta trabajos ahora: ${error.message}.${retry}`,
          exitCode: EXIT.unreachable,
        };
      }
      const job = data.jobId ? ` (job ${data.jobId})` : '';
      const support = data.supportCode ? ` Código de soporte: ${data.supportCode}.` : '';
      // A job the server waited for and that failed arrives as an internal error carrying its id.
      return {
        message: `El servidor respondió con un error${job}: ${error.message}.${support}`,
        exitCode: EXIT.jobFailed,
      };
    }
  }
}

/** A message a person can act on, and the exit code, for anything a command may throw. */
export function describeError(error: unknown, url: string): DescribedError {
  if (error instanceof UsageError || error instanceof InputFileError)
    return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof JobFailedError) {
    const phase = error.error?.fase ? ` en la fase ${error.error.fase}` : '';
    const tipo = error.error ? ` [${error.error.tipo}]` : '';
    return {
      message: `El job ${error.jobId} falló${phase}: ${error.error?.mensaje ?? 'sin detalle'}${tipo}`,
      exitCode: EXIT.jobFailed,
    };
  }
  if (error instanceof JobNotFoundError) return { message: error.message, exitCode: EXIT.unreachable };
  if (error instanceof WaitTimeoutError) {
    return {
      message: `${error.message}; sigue en el servidor. Consulte más tarde: pnpm cli status ${error.jobId}`,
      exitCode: EXIT.timedOut,
    };
  }
  if (error instanceof ConnectionLostError) {
    return {
      message: `${error.message} (${rootCause(error)}); el job sigue en el servidor. Reanude con: pnpm cli watch ${error.jobId}`,
      exitCode: EXIT.unreachable,
    };
  }
  if (error instanceof TRPCClientError) return describeServerError(error as TRPCClientError<never>, url);
  if (error instanceof Error && error.name === 'AbortError')
    return { message: 'Interrumpido.', exitCode: EXIT.interrupted };
  return {
    message: `Error inesperado: ${error instanceof Error ? error.message : String(error)}`,
    exitCode: EXIT.jobFailed,
  };
}
