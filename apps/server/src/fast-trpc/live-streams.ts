import type { FastPathMeta } from '@noticias/api';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { isAsyncIterable } from '@trpc/server/unstable-core-do-not-import';
import { createRouterView } from './router-view.ts';
import { SseFanout } from './sse-fanout.ts';
import type { FanoutMember } from './sse-subscriber.ts';
import { SharedStreams } from './shared-streams.ts';

export interface LiveStreamsOptions {
  /** Its subscriptions that declare `meta.fast.share` are the shareable ones (see SharedStreams). */
  router: AnyRouter;
  /** What a caller's context may see: only callers with the same view share a stream (see SharedStreams). */
  viewOf?: (ctx: unknown) => string;
}

export interface AttachOptions {
  path: string;
  /** The procedure's input, as a client would send it (it is parsed by the procedure). */
  input: unknown;
  /** The context to call the procedure with when no running stream can be joined. */
  ctx: unknown;
  member: FanoutMember;
  /** Called when the stream fails to start or throws (the member is sent `fail` as well). */
  onError?(cause: unknown): void;
}

/**
 * The running shared subscription streams of an app, for every transport that writes them: the
 * tRPC fast routes (tRPC frames) and REST's live status (its own frames, FrameFormat). A REST
 * reader and a tRPC subscriber of the same job share one stream, hence one tracker listener.
 */
export class LiveStreams {
  readonly shared: SharedStreams;
  readonly #procedures: ReadonlyMap<string, AnyProcedure>;
  readonly #serialize: (value: unknown) => unknown;
  readonly #pingMs: number | null;
  readonly #latestPer: ReadonlyMap<string, ((value: unknown) => string) | undefined>;

  constructor(options: LiveStreamsOptions) {
    const view = createRouterView(options.router);
    const procedures = view?.procedures ?? new Map<string, AnyProcedure>();
    this.#procedures = procedures;
    const hints: ReadonlyMap<string, FastPathMeta> = view?.hints ?? new Map<string, FastPathMeta>();
    this.shared = new SharedStreams(procedures, hints, options.viewOf);
    this.#latestPer = new Map([...hints].map(([path, hint]) => [path, hint.latestPer]));
    const config = options.router._def._config as { transformer: { output: { serialize(value: unknown): unknown } } };
    this.#serialize = (value) => config.transformer.output.serialize(value);
    this.#pingMs = view?.sse?.pingMs ?? null;
  }

  /**
   * Adds `member` to the running stream it may join (it first gets the stream's latest value
   * when it resumes from nothing), else calls the procedure and starts a stream, joinable by
   * later subscribers when it starts from nothing. Resolves once the member is attached; the
   * returned function detaches it.
   */
  async attach(options: AttachOptions): Promise<() => void> {
    const { path, input, ctx, member } = options;
    const share = await this.shared.keyOf(path, input, ctx);
    const running = share && this.shared.joinable(share);
    if (running) {
      running.fanout.add(member, running.replayLast);
      return () => running.fanout.remove(member);
    }
    const procedure = this.#procedures.get(path);
    const abort = new AbortController();
    let source: unknown;
    try {
      if (!procedure) throw new Error(`No shared subscription at ${path}`);
      source = await procedure({
        path,
        getRawInput: async () => input,
        ctx,
        type: 'subscription',
        signal: abort.signal,
        batchIndex: 0,
      });
      if (!isAsyncIterable(source)) throw new Error(`Subscription ${path} did not return an AsyncIterable`);
    } catch (cause) {
      abort.abort();
      options.onError?.(cause);
      member.fail(cause);
      return () => undefined;
    }
    // tRPC subscribers that join later get tRPC frames from this stream.
    const cache = new WeakMap<object, string>();
    const fanout = new SseFanout(source, {
      pingMs: this.#pingMs,
      dataJson: (value) => {
        if (typeof value !== 'object' || value === null) return JSON.stringify(this.#serialize(value));
        let json = cache.get(value);
        if (json === undefined) {
          json = JSON.stringify(this.#serialize(value));
          cache.set(value, json);
        }
        return json;
      },
      latestPer: this.#latestPer.get(path),
      abort,
      ...(share && share.lastEventId === null ? this.shared.registration(share) : {}),
    });
    fanout.add(member);
    fanout.run().catch((error: unknown) => options.onError?.(error));
    return () => fanout.remove(member);
  }
}
