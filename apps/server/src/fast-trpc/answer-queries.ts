import { TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyReply } from 'fastify';
import type { CallEnv } from './call-env.ts';
import type { DecodedCall } from './decode-request.ts';
import { NOT_DIRECT } from './direct-queries.ts';

// httpLink / httpBatchLink answers, built with tRPC's own error shape, transformer and status
// rules, so the bytes are the official adapter's; only the transport work (web Request and
// Response objects, a streamed body) is skipped.

const JSON_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' } as const;

type Outcome = { ok: true; data: unknown } | { ok: false; error: TRPCError };

// tRPC refuses async iterables or promises in a non-streamed answer (a loop rather than its
// Object.values().some(): this runs on every answer).
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (isPromise(item) || isAsyncIterable(item)) return true;
  }
  return false;
}

const streamInPlainResponse = () =>
  new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });

const reportedInput = (env: CallEnv, call: DecodedCall) => (env.inputsRead ? call.input : undefined);

// Made by a factory, not inline: tsx keeps function names by redefining `name` on every
// named closure it creates, which showed up per request.
export function rawInputReader(env: CallEnv, input: unknown): () => Promise<unknown> {
  return async () => {
    env.inputsRead = true;
    return input;
  };
}

async function callQuery(env: CallEnv, call: DecodedCall): Promise<Outcome> {
  try {
    if (env.ctxError) throw env.ctxError;
    if (env.direct.has(call.path)) {
      const getRawInput = rawInputReader(env, call.input);
      env.inputsRead = true;
      const data = await env.direct.run(call.path, {
        input: call.input,
        ctx: env.ctx,
        signal: env.signal,
        batchIndex: call.batchIndex,
        getRawInput,
      });
      if (data !== NOT_DIRECT) return { ok: true, data };
    }
    const data: unknown = await call.procedure({
      path: call.path,
      getRawInput: rawInputReader(env, call.input),
      ctx: env.ctx,
      type: 'query',
      signal: env.signal,
      batchIndex: call.batchIndex,
    });
    return { ok: true, data };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    env.onError?.({
      error,
      path: call.path,
      input: reportedInput(env, call),
      ctx: env.ctx,
      type: call.procedure._def.type,
      req: env.request,
    });
    return { ok: false, error };
  }
}

function errorResponse(env: CallEnv, call: DecodedCall | undefined, error: TRPCError): TRPCResponse {
  const shape: unknown = getErrorShape({
    config: env.view.config,
    ctx: env.ctx,
    error,
    input: call ? reportedInput(env, call) : undefined,
    path: call?.path,
    type: call ? call.procedure._def.type : 'query',
  });
  return { error: shape } as TRPCResponse;
}

// A Buffer, not a string: Fastify would append `; charset=utf-8` to a JSON string's content type.
function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).headers(JSON_HEADERS).send(Buffer.from(body));
}

/** What tRPC answers when building the answer itself fails: one error, no path. */
function sendOuterError(env: CallEnv, reply: FastifyReply, cause: unknown): FastifyReply {
  const error = getTRPCErrorFromUnknown(cause);
  env.onError?.({ error, path: undefined, input: undefined, ctx: env.ctx, type: 'query', req: env.request });
  const response = errorResponse(env, undefined, error);
  const status = getHTTPStatusCode(response, [error]);
  return send(reply, status, JSON.stringify(transformTRPCResponse(env.view.config, response)));
}

const SUCCESS: TRPCResponse = { result: { data: undefined } };

/**
 * A result's JSON. An object is spliced into tRPC's envelope from its cached JSON:
 * `JSON.stringify` composes, so `{"result":{"data":` + JSON(data) + `}}` is exactly what
 * stringifying `transformTRPCResponse`'s output gives.
 */
function resultJson(env: CallEnv, call: DecodedCall, data: unknown): string {
  if (typeof data === 'object' && data !== null) return `{"result":{"data":${env.outputs.json(call.path, data)}}}`;
  return JSON.stringify(transformTRPCResponse(env.view.config, { result: { data } }));
}

const errorJson = (env: CallEnv, response: TRPCResponse) =>
  JSON.stringify(transformTRPCResponse(env.view.config, response));

export async function answerQueries(
  env: CallEnv,
  reply: FastifyReply,
  calls: DecodedCall[],
  isBatch: boolean,
): Promise<FastifyReply> {
  // httpBatchLink sends even a single query as a batch of one: no Promise.all for it.
  const outcomes =
    calls.length === 1
      ? [await callQuery(env, calls[0]!)]
      : await Promise.all(calls.map((call) => callQuery(env, call)));
  try {
    if (!isBatch) {
      const [outcome] = outcomes as [Outcome];
      if (!outcome.ok) {
        const response = errorResponse(env, calls[0], outcome.error);
        return send(reply, getHTTPStatusCode([response], [outcome.error]), errorJson(env, response));
      }
      // Unlike in a batch, tRPC fails the whole unbatched request for this.
      if (isDataStream(outcome.data)) throw streamInPlainResponse();
      return send(reply, 200, resultJson(env, calls[0]!, outcome.data));
    }

    const errors: (TRPCError | undefined)[] = [];
    const responses: (TRPCResponse | undefined)[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const error = !outcome.ok ? outcome.error : isDataStream(outcome.data) ? streamInPlainResponse() : undefined;
      errors.push(error);
      responses.push(error ? errorResponse(env, calls[index], error) : undefined);
    }
    const status = errors.some(Boolean)
      ? getHTTPStatusCode(
          responses.map((response) => response ?? SUCCESS),
          errors,
        )
      : 200;
    const items = outcomes.map((outcome, index) => {
      const response = responses[index];
      return response ? errorJson(env, response) : resultJson(env, calls[index]!, (outcome as { data: unknown }).data);
    });
    return send(reply, status, `[${items.join(',')}]`);
  } catch (cause) {
    return sendOuterError(env, reply, cause);
  }
}
