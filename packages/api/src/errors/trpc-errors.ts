import { errorMessage, toDetalles } from '@noticias/contract';
import { TRPCError, type TRPC_ERROR_CODE_KEY, type TRPCErrorShape } from '@trpc/server';
import type { z } from 'zod';
import type { ValidationSubject } from './api-errors.ts';
import {
  INTERNAL_ERROR_MESSAGE,
  mapError,
  VALIDATION_MESSAGES,
  type MappedError,
  type MappedErrorCode,
} from './error-map.ts';

/** A TRPCError built from the error map; keeps the mapping so the formatter and logs reuse it. */
export class MappedTRPCError extends TRPCError {
  constructor(
    readonly mapped: MappedError,
    cause: unknown,
  ) {
    super({ code: mapped.trpcCode, message: mapped.mensaje, cause });
  }
}

/**
 * Procedures throw domain errors; tRPC wraps anything that is not a TRPCError as an
 * INTERNAL_SERVER_ERROR. This turns those into the mapped code; tRPC's own errors (input
 * validation, unknown procedure, parse errors) pass through.
 */
export function toTRPCError(error: TRPCError, now: () => number = Date.now): TRPCError {
  if (error instanceof MappedTRPCError || error.code !== 'INTERNAL_SERVER_ERROR') return error;
  const cause = error.cause ?? error;
  return new MappedTRPCError(mapError(cause, now), cause);
}

/** Extra fields of every tRPC error's `data`, the same ones REST puts in its envelope. */
export interface ApiErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path?: string;
  apiCode?: MappedErrorCode;
  detalles?: string[];
  retryAfterSeconds?: number;
  supportCode?: string;
  jobId?: string;
}

export type ApiErrorShape = TRPCErrorShape<ApiErrorData>;

// Procedures whose input is one contract schema: their validation errors get the contract's
// message. Keyed by procedure path, so renaming a procedure must update this table.
const VALIDATION_SUBJECT_BY_PATH: Partial<Record<string, ValidationSubject>> = {
  processArticle: 'articulo',
  processFragment: 'fragmento',
};

function zodIssues(cause: unknown): z.core.$ZodIssue[] | undefined {
  const issues = (cause as { issues?: unknown } | null | undefined)?.issues;
  return Array.isArray(issues) ? (issues as z.core.$ZodIssue[]) : undefined;
}

export function formatTRPCError(opts: {
  shape: TRPCErrorShape & { data: { code: TRPC_ERROR_CODE_KEY; httpStatus: number; path?: string } };
  error: TRPCError;
  path: string | undefined;
}): ApiErrorShape {
  const { shape, error, path } = opts;
  const base: ApiErrorData = { code: shape.data.code, httpStatus: shape.data.httpStatus };
  if (path !== undefined) base.path = path;

  const issues = error.code === 'BAD_REQUEST' ? zodIssues(error.cause) : undefined;
  if (issues) {
    const subject = path === undefined ? undefined : VALIDATION_SUBJECT_BY_PATH[path];
    return {
      code: shape.code,
      message: subject ? VALIDATION_MESSAGES[subject] : errorMessage('VALIDATION_FAILED'),
      data: { ...base, apiCode: 'VALIDATION_FAILED', detalles: toDetalles(issues) },
    };
  }

  const mapped =
    error instanceof MappedTRPCError
      ? error.mapped
      : error.code === 'INTERNAL_SERVER_ERROR'
        ? mapError(error.cause ?? error)
        : undefined;
  if (!mapped) return { code: shape.code, message: shape.message, data: base };

  const data: ApiErrorData = { ...base, apiCode: mapped.code };
  if (mapped.detalles) data.detalles = mapped.detalles;
  if (mapped.retryAfterSeconds !== undefined) data.retryAfterSeconds = mapped.retryAfterSeconds;
  if (mapped.supportCode) data.supportCode = mapped.supportCode;
  if (mapped.jobId) data.jobId = mapped.jobId;
  const message = mapped.kind === 'internal_error' ? INTERNAL_ERROR_MESSAGE : mapped.mensaje;
  return { code: shape.code, message, data };
}
