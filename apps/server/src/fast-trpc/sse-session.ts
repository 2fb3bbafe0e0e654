import { isAbortError, isTrackedEnvelope } from '@trpc/server/unstable-core-do-not-import';
import type { SseSettings } from './router-view.ts';

/** Where a session writes; `write` returning false means the consumer is behind. */
export interface SseSink {
  write(chunk: string): boolean;
  /** The client has not taken what was written yet. */
  readonly behind: boolean;
  /** Resolves once more may be written, or once the sink closed. */
  whenWritable(): Promise<void>;
  end(): void;
  /** Called once, when the client goes away or the response is finished. */
  onClose(listener: () => void): void;
}

export interface SseSessionOptions {
  settings: SseSettings;
  /** The id the reconnecting client sent (header or query), as tRPC reads it. */
  lastEventId: string | null;
  /** `JSON.stringify(serialize(value))` of a value to send, as tRPC computes it (possibly cached). */
  dataJson(value: unknown): string;
  /** The same for the error frame's data: the error's shape, serialised; reports the error too. */
  errorJson(cause: unknown): string;
  /** The procedure's signal: aborted whenever the session ends. */
  abort: AbortController;
}

export type SseSource = AsyncIterable<unknown> | { error: unknown };

// Frames exactly as tRPC's sseStreamProducer writes them: `event:`, `data:`, `id:` lines, then
// a blank line of its own after the one that ends the event.
export function sseFrame(event: string | undefined, data: string, id?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n${id === undefined ? '' : `id: ${id}\n`}\n\n`;
}
const PING_FRAME = sseFrame('ping', '');
const RETURN_FRAME = sseFrame('return', '');

/**
 * One SSE subscription: `connected`, then each value of the procedure's iterable (with its
 * tracked id), pings while idle, `return` when it ends, `serialized-error` when it fails.
 * `maxDurationMs` ends the response without `return`, so the client reconnects and resumes.
 *
 * Backpressure: once the sink reports the client is behind, the next value is not pulled until
 * it catches up, so what waits for a slow client stays in the producer's bounded queue (for
 * onStatus, the tracker's per-subscriber queue, which collapses to the latest snapshot).
 */
export class SseSession {
  #ended = false;
  #pingTimer: NodeJS.Timeout | undefined;
  #maxTimer: NodeJS.Timeout | undefined;
  #lastEventId: string | null;

  constructor(
    private readonly sink: SseSink,
    private readonly options: SseSessionOptions,
  ) {
    const id = options.lastEventId;
    // An id with these characters could not be sent back in an `id:` field.
    this.#lastEventId = id && !/[\0\n\r]/.test(id) ? id : null;
  }

  async run(source: SseSource): Promise<void> {
    const { settings } = this.options;
    this.sink.onClose(() => this.#stop());
    if (settings.maxDurationMs !== null) this.#maxTimer = setTimeout(() => this.#stop(), settings.maxDurationMs);
    this.sink.write(sseFrame('connected', settings.connectedData));
    if (settings.pingMs !== null) this.#pingTimer = setTimeout(() => this.#ping(), settings.pingMs);

    let iterator: AsyncIterator<unknown> | undefined;
    let finished = false;
    try {
      if (!(Symbol.asyncIterator in source)) throw source.error;
      iterator = source[Symbol.asyncIterator]();
      for (;;) {
        const next = await iterator.next();
        finished = next.done === true;
        if (this.#ended) return;
        if (finished) {
          this.sink.write(RETURN_FRAME);
          return;
        }
        const writable = this.#writeValue(next.value);
        this.#pingTimer?.refresh();
        if (!writable) await this.sink.whenWritable();
        if (this.#ended) return;
      }
    } catch (cause) {
      finished = true;
      if (!this.#ended && !isAbortError(cause)) {
        this.sink.write(sseFrame('serialized-error', this.options.errorJson(cause)));
      }
    } finally {
      this.#stop();
      if (iterator && !finished) await iterator.return?.(undefined).catch(() => undefined);
    }
  }

  #writeValue(value: unknown): boolean {
    const tracked = isTrackedEnvelope(value);
    const data = this.options.dataJson(tracked ? value[1] : value);
    if (tracked) {
      this.#lastEventId = value[0];
      return this.sink.write(sseFrame(undefined, data, value[0]));
    }
    if (this.#lastEventId === null) return this.sink.write(sseFrame(undefined, data));
    // EventSource gives an event without an id the previous one; tRPC clears it for this event
    // and restores it with an event clients ignore, so a reconnect still resumes from it.
    return this.sink.write(sseFrame(undefined, data, '') + sseFrame('restore-id', '', this.#lastEventId));
  }

  #ping(): void {
    if (this.#ended) return;
    // A client that is behind has data on its way: pinging it would only pile more up.
    if (!this.sink.behind) this.sink.write(PING_FRAME);
    this.#pingTimer?.refresh();
  }

  #stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#pingTimer);
    clearTimeout(this.#maxTimer);
    this.options.abort.abort();
    this.sink.end();
  }
}
