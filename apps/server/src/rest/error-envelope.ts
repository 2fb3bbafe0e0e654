import { STATUS_CODES } from 'node:http';
import {
  catalogued,
  isDomainError,
  mapError,
  VALIDATION_MESSAGES,
  type MappedError,
  type ValidationSubject,
} from '@noticias/api';
import { errorMessage } from '@noticias/contract';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestIds } from './request-id.ts';
import './route-config.ts';

// Every REST error leaves through here in the contract's envelope; its kinds, statuses and
// messages are the contract's error catalogue (docs/errors.md).

export interface ErrorBody {
  error: MappedError['kind'];
  mensaje: string;
  detalles?: string[];
  timestamp: string;
  request_id: string;
  retry_after?: number;
  support_code?: string;
}

/** A body that is not JSON; `detail` is the parser's own explanation (position, token). */
export class MalformedJsonError extends Error {
  override readonly name = 'MalformedJsonError';
  readonly code = 'MALFORMED_JSON';
  readonly statusCode = 400;
  constructor(readonly detail: string) {
    super(`JSON mal formado: ${detail}`);
  }
}

export const UNDER_PRESSURE_RETRY_AFTER_SECONDS = 5;

/** What the envelope is built from: the API's mapped error or a plain HTTP one. */
export type RestError = Pick<
  MappedError,
  'kind' | 'httpStatus' | 'mensaje' | 'detalles' | 'retryAfterSeconds' | 'supportCode'
>;

/** What an error body needs besides the error: the clock and where request ids come from. */
export interface RestErrorEnv {
  now: () => number;
  requestIds: RequestIds;
}

export function sendRestError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: RestError,
  env: RestErrorEnv,
): FastifyReply {
  const body: ErrorBody = {
    error: error.kind,
    mensaje: error.mensaje,
    timestamp: new Date(env.now()).toISOString(),
    request_id: env.requestIds.forErrorBody(request),
  };
  if (error.detalles) body.detalles = error.detalles;
  if (error.retryAfterSeconds !== undefined) {
    body.retry_after = error.retryAfterSeconds;
    void reply.header('retry-after', String(error.retryAfterSeconds));
  }
  if (error.supportCode) body.support_code = error.supportCode;
  if (error.httpStatus === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(error.httpStatus).type('application/json; charset=utf-8').send(body);
}

/** Other framework 4xx: the status text as `mensaje`, as the old service sent. */
export function httpError(status: number, mensaje = STATUS_CODES[status] ?? 'Error'): RestError {
  return { kind: 'http_error', httpStatus: status, mensaje };
}

function validation(subject: ValidationSubject | undefined, detalles: string[]): RestError {
  if (!subject) return httpError(400);
  return catalogued('VALIDATION_FAILED', VALIDATION_MESSAGES[subject], { detalles });
}

/** Framework errors (body parsing, limits) and domain errors, in the contract's terms. */
export function describeRestError(
  error: unknown,
  request: FastifyRequest,
  now: () => number,
  bodyLimit: number,
): RestError {
  const subject = request.routeOptions.config.validationSubject;
  if (error instanceof MalformedJsonError) return validation(subject, [error.message]);
  const { code, statusCode } = (error ?? {}) as Partial<FastifyError>;
  if (isDomainError(error) || !code?.startsWith('FST_')) return mapError(error, now);
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return catalogued('PAYLOAD_TOO_LARGE', errorMessage('PAYLOAD_TOO_LARGE', { limite: bodyLimit }));
    case 'FST_UNDER_PRESSURE':
      return catalogued('SERVICE_UNAVAILABLE', errorMessage('SERVICE_UNAVAILABLE'), {
        retryAfterSeconds: UNDER_PRESSURE_RETRY_AFTER_SECONDS,
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return validation(subject, ['JSON mal formado']);
    default: {
      // Other framework 4xx (content length mismatch, prototype poisoning...) keep their status.
      const status = statusCode ?? 500;
      return status >= 400 && status < 500 ? httpError(status) : mapError(error, now);
    }
  }
}
