import { isAbortError, isTrackedEnvelope } from '@trpc/server/unstable-core-do-not-import';
import { RETURN_FRAME, sseFrame } from './sse-frames.ts';
import { ONE_SLOT, type FanoutMember } from './sse-subscriber.ts';

export interface FanoutOptions {
  /** null when pings are off. */
  pingMs: number | null;
  /** `JSON.stringify(serialize(value))` of a value, as tRPC computes it (possibly cached). */
  dataJson(value: unknown): string;
  /** The key of a value (its data, for a tracked one) under which a slow subscriber keeps its latest frame; one slot without it. */
  latestPer?: ((value: unknown) => string) | undefined;
  /** The producing procedure's signal: aborted when the stream stops for any reason. */
  abort: AbortController;
  /** After the first tracked value (from then on others may join), and when the stream stops. */
  onJoinable?(fanout: SseFanout): void;
  onStop?(fanout: SseFanout): void;
}

/**
 * One procedure stream written to its subscribers: each value is serialised and framed once,
 * then written to every subscriber's socket, so the subscribers of one job cost one producer
 * and one pending read between them, not one each. The stream is pulled as fast as it yields;
 * slow subscribers keep their latest frame per key only (see SseSubscriber). It stops, and releases the
 * producer, when it ends, fails, or its last subscriber leaves.
 */
export class SseFanout {
  readonly #subscribers = new Set<FanoutMember>();
  #last: { id: string; frame: string; value: unknown; key: string } | null = null;
  #stopped = false;
  #pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: AsyncIterable<unknown>,
    private readonly options: FanoutOptions,
  ) {}

  get size(): number {
    return this.#subscribers.size;
  }

  /** The stream's latest tracked value, if its latest value was tracked (and it still runs). */
  get lastId(): string | undefined {
    return this.#stopped ? undefined : this.#last?.id;
  }

  /** Adds a subscriber; `replayLast` first sends it the stream's latest tracked value. */
  add(subscriber: FanoutMember, replayLast = false): void {
    this.#subscribers.add(subscriber);
    if (replayLast && this.#last)
      subscriber.sendTracked(this.#last.id, this.#last.frame, this.#last.value, this.#last.key);
  }

  remove(subscriber: FanoutMember): void {
    if (this.#subscribers.delete(subscriber) && this.#subscribers.size === 0) this.#stop();
  }

  async run(): Promise<void> {
    const iterator = this.source[Symbol.asyncIterator]();
    const { pingMs } = this.options;
    if (pingMs !== null) this.#pingTimer = setTimeout(() => this.#ping(), pingMs);
    let finished = false;
    try {
      for (;;) {
        const next = await iterator.next();
        finished = next.done === true;
        if (this.#stopped) return;
        if (finished) {
          for (const subscriber of this.#subscribers) subscriber.finish(RETURN_FRAME);
          return;
        }
        this.#deliver(next.value);
      }
    } catch (cause) {
      finished = true;
      if (this.#stopped) return;
      // tRPC sends no frame for an abort; anything else becomes each client's error frame.
      for (const subscriber of this.#subscribers) {
        if (isAbortError(cause)) subscriber.finish(null);
        else subscriber.fail(cause);
      }
    } finally {
      this.#stop();
      if (!finished) await iterator.return?.(undefined).catch(() => undefined);
    }
  }

  #deliver(value: unknown): void {
    const { latestPer } = this.options;
    if (isTrackedEnvelope(value)) {
      const [id, data] = value;
      const frame = sseFrame(undefined, this.options.dataJson(data), id);
      const key = latestPer ? latestPer(data) : ONE_SLOT;
      const joinable = this.#last === null;
      this.#last = { id, frame, value: data, key };
      for (const subscriber of this.#subscribers) subscriber.sendTracked(id, frame, data, key);
      if (joinable) this.options.onJoinable?.(this);
    } else {
      this.#last = null;
      const json = this.options.dataJson(value);
      const key = latestPer ? latestPer(value) : ONE_SLOT;
      for (const subscriber of this.#subscribers) subscriber.sendUntracked(json, key);
    }
    this.#pingTimer?.refresh();
  }

  #ping(): void {
    for (const subscriber of this.#subscribers) subscriber.ping();
    this.#pingTimer?.refresh();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#pingTimer);
    this.options.abort.abort();
    this.options.onStop?.(this);
  }
}
