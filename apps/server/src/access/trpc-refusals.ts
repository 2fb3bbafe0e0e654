import type { AnyRouter } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  transformTRPCResponse,
  type AnyRootTypes,
  type RootConfig,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MappedTRPCError, mapError, type DomainError } from '@noticias/api';

// A refused request may carry any bytes; a malformed escape is shown as sent.
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A refusal made before tRPC runs (a rate limit, a stream cap), answered on a tRPC route the
 * way tRPC answers a context that throws: the error shape through the router's formatter and
 * transformer, one item per call of a batch, so @trpc/client reads its code and data (with
 * `retryAfterSeconds`). `Retry-After` is set as on REST.
 */
export function sendTrpcRefusal(
  router: AnyRouter,
  prefix: string,
  request: FastifyRequest,
  reply: FastifyReply,
  cause: DomainError,
): FastifyReply {
  const config = router._def._config as RootConfig<AnyRootTypes>;
  const error = new MappedTRPCError(mapError(cause), cause);
  const url = request.url;
  const pathEnd = url.indexOf('?');
  const paths = safeDecode(url.slice(prefix.length + 1, pathEnd < 0 ? undefined : pathEnd)).split(',');
  const isBatch = new URLSearchParams(pathEnd < 0 ? '' : url.slice(pathEnd + 1)).get('batch') === '1';
  const responses = (isBatch ? paths : [paths[0] ?? '']).map((path) => {
    const shape: unknown = getErrorShape({ config, error, type: 'unknown', path, input: undefined, ctx: undefined });
    return { error: shape } as TRPCResponse;
  });
  const retryAfter = error.mapped.retryAfterSeconds;
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  const body = transformTRPCResponse(config, isBatch ? responses : responses[0]!);
  return reply
    .code(
      getHTTPStatusCode(
        responses,
        responses.map(() => error),
      ),
    )
    .type('application/json')
    .send(JSON.stringify(body));
}
