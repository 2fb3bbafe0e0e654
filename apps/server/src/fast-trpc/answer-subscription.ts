import { TRPCError } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import {
  getErrorShape,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  sseHeaders,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyReply } from 'fastify';
import { rawInputReader } from './answer-queries.ts';
import type { CallEnv } from './call-env.ts';
import type { DecodedRequest } from './decode-request.ts';
import { RawSink } from './raw-sink.ts';
import { sseFrame } from './sse-frames.ts';
import { SseFanout } from './sse-fanout.ts';
import type { SharedStreams } from './shared-streams.ts';
import { SseSubscriber } from './sse-subscriber.ts';

type DecodedSubscription = Extract<DecodedRequest, { kind: 'subscription' }>;

const SSE_HEADERS = { vary: 'trpc-accept, accept', ...sseHeaders };

type Source = AsyncIterable<unknown> | { error: TRPCError };

async function callProcedure(
  env: CallEnv,
  decoded: DecodedSubscription,
  abort: AbortController,
  report: (error: TRPCError) => void,
): Promise<Source> {
  const { call } = decoded;
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
    if (isObservable(data)) return observableToAsyncIterable(data, abort.signal);
    if (isAsyncIterable(data)) return data;
    return {
      error: new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: `Subscription ${call.path} did not return an observable or a AsyncGenerator`,
      }),
    };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    // tRPC reports a failed call twice: once for the call, once for the error frame.
    report(error);
    return { error };
  }
}

/**
 * httpSubscriptionLink's GET, written on the hijacked socket in tRPC's SSE frames, where the
 * official adapter goes through web streams, a TextEncoderStream and several async generators
 * per subscriber. A subscription that `shared` says may join a running stream of the same key
 * (same job) joins it instead of calling the procedure; otherwise the procedure is called and
 * its stream becomes one others may join.
 */
export async function answerSubscription(
  env: CallEnv,
  reply: FastifyReply,
  decoded: DecodedSubscription,
  shared: SharedStreams,
): Promise<FastifyReply> {
  const { view, request } = env;
  const { call } = decoded;
  const settings = view.sse!;
  const reportedInput = () => (env.inputsRead ? call.input : undefined);
  const report = (error: TRPCError) =>
    env.onError?.({ error, path: call.path, input: reportedInput(), ctx: env.ctx, type: 'subscription', req: request });

  // A caller createContext refused never joins: the procedure call below answers it with the
  // adapter's error frame.
  const share = env.ctxError ? undefined : await shared.keyOf(call.path, decoded.procedureInput, env.ctx);
  const running = share && shared.joinable(share);
  const abort = new AbortController();
  const source: Source | undefined = running ? undefined : await callProcedure(env, decoded, abort, report);
  if (running) env.inputsRead = true;

  // Past Fastify's send pipeline (its stream per connection cost memory and CPU per event):
  // headers set so far and those the app's onSend hooks would add go out by hand, and the
  // completion is logged as Fastify logs it.
  reply.hijack();
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    ...SSE_HEADERS,
    ...env.extraHeaders?.(request),
  });
  reply.raw.once('close', () => reply.log.info({ res: reply, responseTime: reply.elapsedTime }, 'request completed'));

  let fanout: SseFanout | undefined;
  const subscriber = new SseSubscriber(new RawSink(reply.raw), {
    connectedFrame: sseFrame('connected', settings.connectedData),
    lastEventId: decoded.lastEventId,
    maxDurationMs: settings.maxDurationMs,
    errorJson(cause) {
      const error = getTRPCErrorFromUnknown(cause);
      report(error);
      const shape: unknown = getErrorShape({
        config: view.config,
        ctx: env.ctx,
        error,
        input: reportedInput(),
        path: call.path,
        type: 'subscription',
      });
      return JSON.stringify(view.config.transformer.output.serialize(shape ?? null));
    },
    onGone: (gone) => fanout?.remove(gone),
  });

  if (running) {
    fanout = running.fanout;
    fanout.add(subscriber, running.replayLast);
    return reply;
  }
  if (!source || !(Symbol.asyncIterator in source)) {
    abort.abort();
    subscriber.fail(source?.error);
    return reply;
  }
  fanout = new SseFanout(source, {
    pingMs: settings.pingMs,
    dataJson: (value) => env.outputs.json(call.path, value),
    latestPer: view.hints.get(call.path)?.latestPer,
    abort,
    ...(share && share.lastEventId === null ? shared.registration(share) : {}),
  });
  fanout.add(subscriber);
  fanout.run().catch((error: unknown) => request.log.error({ err: error }, 'SSE stream failed'));
  return reply;
}
