import type { FastifyRequest, FastifyServerOptions } from 'fastify';

// Credentials never reach the logs: Authorization and X-API-Key headers are censored wherever a
// request's headers get logged, and read tokens are cut out of logged URLs.

const TOKEN_IN_QUERY = /([?&]access_token=)[^&#]*/gi;

/** The URL with the value of every `access_token` query parameter replaced. */
export function redactUrl(url: string): string {
  return url.includes('access_token') ? url.replace(TOKEN_IN_QUERY, '$1[redactado]') : url;
}

/** Fastify's own request serializer, with the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
];

/** The pino options of the logger Fastify builds (LOG_LEVEL) when no logger is given. */
export function loggerOptions(level: string): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redactado]' },
    serializers: { req: serializeRequest },
  };
}
