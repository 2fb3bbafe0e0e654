import type { SseSink } from './raw-sink.ts';
import { PING_FRAME, RETURN_FRAME, sseFrame } from './sse-frames.ts';

/** What an SseFanout writes to. `value` is the tracked value `frame` was built from. */
export interface FanoutMember {
  /** `key`: under which a member that falls behind keeps the latest frame (see SseSubscriber). */
  sendTracked(id: string, frame: string, value: unknown, key: string): void;
  sendUntracked(json: string, key: string): void;
  ping(): void;
  finish(frame: string | null): void;
  fail(cause: unknown): void;
}

/**
 * Frames of another SSE dialect than tRPC's, for subscribers of the same stream that speak it
 * (REST live status): built from the tracked value, and the stream's end in their own words.
 */
export interface FrameFormat {
  tracked(id: string, value: unknown): string;
  /** What replaces tRPC's `return` frame (null: nothing). Errors and aborts end with nothing. */
  end: string | null;
  /** null: the fanout's pings are not forwarded (the owner pings on its own schedule). */
  ping: string | null;
}

export interface SubscriberOptions {
  /** The connected frame, written at once (null: none). */
  connectedFrame: string | null;
  /** Default: tRPC's frames as the fanout builds them. */
  format?: FrameFormat;
  /** The id the client sent when (re)connecting, as tRPC reads it; null when none. */
  lastEventId: string | null;
  /** Ends the response after this long, without `return`, so the client resumes; null: never. */
  maxDurationMs: number | null;
  /** This subscriber's error frame data: the error's shape, serialised; reports the error too. */
  errorJson(cause: unknown): string;
  /** Called once, when the subscriber is gone for whatever reason. */
  onGone(subscriber: SseSubscriber): void;
}

/** The key of the frames of a stream whose values have no key of their own: one slot. */
export const ONE_SLOT = '';

/**
 * One client of an SSE stream. A client that falls behind never holds up the others of its
 * stream, nor grows memory beyond one frame per key: while it is behind, only the latest frame
 * of each key is kept for it (one key per job for onJobs, a single one for onStatus), in the
 * order of those latest frames, and written when it catches up. It skips intermediate states,
 * never the last one of a key, and the ids it gets stay increasing. A stream's final frames
 * (`return` or an error) wait for it the same way.
 */
export class SseSubscriber implements FanoutMember {
  #state: 'open' | 'ending' | 'gone' = 'open';
  /** Frames waiting for the client to catch up, the latest per key, oldest first. */
  readonly #pending = new Map<string, string>();
  #final: string | null = null;
  #lastEventId: string | null;
  #maxTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: SseSink,
    private readonly options: SubscriberOptions,
  ) {
    const id = options.lastEventId;
    // An id with these characters could not be sent back in an `id:` field.
    this.#lastEventId = id && !/[\0\n\r]/.test(id) ? id : null;
    sink.listen({ drain: () => this.#flush(), close: () => this.#gone() });
    if (options.maxDurationMs !== null) this.#maxTimer = setTimeout(() => this.sink.end(), options.maxDurationMs);
    if (options.connectedFrame !== null) sink.write(options.connectedFrame);
  }

  /** A tracked value: the same frame string for every (tRPC) subscriber of the stream. */
  sendTracked(id: string, frame: string, value?: unknown, key = ONE_SLOT): void {
    this.#lastEventId = id;
    const format = this.options.format;
    this.#send(format ? format.tracked(id, value) : frame, key);
  }

  /** An untracked value: its frame depends on the id this client's EventSource holds. */
  sendUntracked(json: string, key = ONE_SLOT): void {
    if (this.#lastEventId === null) this.#send(sseFrame(undefined, json), key);
    // EventSource gives an event without an id the previous one; tRPC clears it for this event
    // and restores it with an event clients ignore, so a reconnect still resumes from it.
    else this.#send(sseFrame(undefined, json, '') + sseFrame('restore-id', '', this.#lastEventId), key);
  }

  /** A keep-alive, skipped while the client is behind: it has data on its way. */
  ping(): void {
    const frame = this.options.format ? this.options.format.ping : PING_FRAME;
    if (frame !== null && this.#state === 'open' && this.#pending.size === 0 && !this.sink.behind)
      this.sink.write(frame);
  }

  /** The stream is over: what is pending, then `frame` (`return`, an error, or nothing), then the end. */
  finish(frame: string | null): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    const format = this.options.format;
    this.#final = format ? (frame === RETURN_FRAME ? format.end : null) : frame;
    if (this.#pending.size === 0 && !this.sink.behind) this.#flush();
  }

  /** The stream failed: this subscriber's own error frame (its own request reports it). */
  fail(cause: unknown): void {
    this.finish(sseFrame('serialized-error', this.options.errorJson(cause)));
  }

  /** Ends the stream now from the owner's side (e.g. a long poll that has its answer). */
  close(): void {
    this.sink.end();
  }

  #send(frame: string, key: string): void {
    if (this.#state !== 'open') return;
    if (this.#pending.size === 0 && !this.sink.behind) {
      this.sink.write(frame);
      return;
    }
    // Deleted first, so the key moves to the place of its latest frame.
    this.#pending.delete(key);
    this.#pending.set(key, frame);
  }

  #flush(): void {
    if (this.#state === 'gone') return;
    for (const [key, frame] of this.#pending) {
      this.#pending.delete(key);
      if (!this.sink.write(frame)) return;
    }
    if (this.#state === 'ending') {
      if (this.#final !== null) this.sink.write(this.#final);
      this.sink.end();
    }
  }

  #gone(): void {
    if (this.#state === 'gone') return;
    this.#state = 'gone';
    this.#pending.clear();
    clearTimeout(this.#maxTimer);
    this.options.onGone(this);
  }
}
