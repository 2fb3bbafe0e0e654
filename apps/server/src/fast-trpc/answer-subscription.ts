import { TRPCError } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import { getErrorShape, getTRPCErrorFromUnknown, isAsyncIterable, sseHeaders } from '@trpc/server/unstable-core-do-not-import';
import type { FastifyReply } from 'fastify';
import { rawInputReader } from './answer-queries.ts';
import type { CallEnv } from './call-env.ts';
import type { DecodedRequest } from './decode-request.ts';
import { ReplySink } from './reply-sink.ts';
import { SseSession, type SseSource } from './sse-session.ts';

type DecodedSubscription = Extract<DecodedRequest, { kind: 'subscription' }>;

const SSE_HEADERS = { vary: 'trpc-accept, accept', ...sseHeaders };

/**
 * httpSubscriptionLink's GET: calls the procedure directly and writes tRPC's SSE frames to the
 * socket, where the official adapter goes through web streams, a TextEncoderStream and several
 * async generators per subscriber. Errors reach `onError` as often as tRPC reports them (twice
 * for a call that fails before streaming: once for the call, once for the error frame).
 */
export async function answerSubscription(env: CallEnv, reply: FastifyReply, decoded: DecodedSubscription): Promise<FastifyReply> {
  const { view, request } = env;
  const { call } = decoded;
  const abort = new AbortController();
  const reportedInput = () => (env.inputsRead ? call.input : undefined);
  const report = (error: TRPCError) =>
    env.onError?.({ error, path: call.path, input: reportedInput(), ctx: env.ctx, type: 'subscription', req: request });

  let source: SseSource;
  try {
    if (env.ctxError) throw env.ctxError;
    const data: unknown = await call.procedure({
      path: call.path,
      getRawInput: rawInputReader(env, decoded.procedureInput),
      ctx: env.ctx,
      type: 'subscription',
      signal: abort.signal,
      batchIndex: 0,
    });
    if (isObservable(data)) source = observableToAsyncIterable(data, abort.signal);
    else if (isAsyncIterable(data)) source = data;
    else {
      source = {
        error: new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `Subscription ${call.path} did not return an observable or a AsyncGenerator`,
        }),
      };
    }
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    report(error);
    source = { error };
  }

  const sink = new ReplySink(reply.raw);
  const session = new SseSession(sink, {
    settings: view.sse!,
    lastEventId: decoded.lastEventId,
    dataJson: (value) => env.outputs.json(call.path, value),
    errorJson(cause) {
      const error = getTRPCErrorFromUnknown(cause);
      report(error);
      const shape: unknown = getErrorShape({ config: view.config, ctx: env.ctx, error, input: reportedInput(), path: call.path, type: 'subscription' });
      return JSON.stringify(view.config.transformer.output.serialize(shape ?? null));
    },
    abort,
  });
  session.run(source).catch((error: unknown) => request.log.error({ err: error }, 'SSE session failed'));
  return reply.code(200).headers(SSE_HEADERS).send(sink.stream);
}
