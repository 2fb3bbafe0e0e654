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

// httpLink / httpBatchLink answers, built with tRPC's own error shape, transformer and status
// rules, so the bytes are the official adapter's; only the transport work (web Request and
// Response objects, a streamed body) is skipped.

const JSON_HEADERS = { vary: 'trpc-accept, accept', 'content-type': 'application/json' } as const;

type Outcome = { ok: true; data: unknown } | { ok: false; error: TRPCError };

// tRPC refuses async iterables or promises in a non-streamed answer.
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}

const streamInPlainResponse = () =>
  new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });

const reportedInput = (env: CallEnv, call: DecodedCall) => (env.inputsRead ? call.input : undefined);

async function callQuery(env: CallEnv, call: DecodedCall): Promise<Outcome> {
  try {
    if (env.ctxError) throw env.ctxError;
    const data: unknown = await call.procedure({
      path: call.path,
      getRawInput: async () => {
        env.inputsRead = true;
        return call.input;
      },
      ctx: env.ctx,
      type: 'query',
      signal: env.signal,
      batchIndex: call.batchIndex,
    });
    return { ok: true, data };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    env.onError?.({ error, path: call.path, input: reportedInput(env, call), ctx: env.ctx, type: call.procedure._def.type, req: env.request });
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

export async function answerQueries(env: CallEnv, reply: FastifyReply, calls: DecodedCall[], isBatch: boolean): Promise<FastifyReply> {
  const { config } = env.view;
  if (!isBatch) {
    const call = calls[0]!;
    const outcome = await callQuery(env, call);
    try {
      if (outcome.ok && isDataStream(outcome.data)) throw streamInPlainResponse();
      const response: TRPCResponse = outcome.ok ? { result: { data: outcome.data } } : errorResponse(env, call, outcome.error);
      const status = getHTTPStatusCode([response], outcome.ok ? [] : [outcome.error]);
      return send(reply, status, JSON.stringify(transformTRPCResponse(config, response)));
    } catch (cause) {
      return sendOuterError(env, reply, cause);
    }
  }

  const outcomes = await Promise.all(calls.map((call) => callQuery(env, call)));
  try {
    const errors = outcomes.map((outcome) => {
      if (!outcome.ok) return outcome.error;
      return isDataStream(outcome.data) ? streamInPlainResponse() : undefined;
    });
    const responses = outcomes.map((outcome, index): TRPCResponse => {
      const error = errors[index];
      return error ? errorResponse(env, calls[index], error) : { result: { data: (outcome as { data: unknown }).data } };
    });
    const status = getHTTPStatusCode(responses, errors);
    return send(reply, status, JSON.stringify(transformTRPCResponse(config, responses)));
  } catch (cause) {
    return sendOuterError(env, reply, cause);
  }
}
