import { isTerminalStatus, type JobEvent } from '@noticias/contract';
import type { FeedSubscription, JobEventFeed } from '../job-event-feed.ts';
import type { JobStore } from '../job-store.ts';
import { TrackerError } from '../tracker-error.ts';
import type { SnapshotCache } from './snapshot-cache.ts';

export interface StreamDeps {
  store: JobStore;
  feed: JobEventFeed;
  events: SnapshotCache;
  assertOpen(): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * One job's events for one subscriber: what it missed (from the store's history, or the
 * latest snapshot once the history is gone), then live events, deduplicated by `seq`, ending
 * after the terminal one.
 *
 * The live subscription is opened before the store is read, so an event committed meanwhile is
 * in one or both and never in neither. A hand-written iterator rather than an async generator:
 * `return()` must unsubscribe at once even while a `next()` is waiting, which a generator only
 * does after the awaited event arrives.
 */
export class JobStream implements AsyncIterableIterator<JobEvent> {
  #live: FeedSubscription | null = null;
  #replay: JobEvent[] = [];
  #replayAt = 0;
  #lastSeq: number;
  #started = false;
  #done = false;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: StreamDeps,
    private readonly id: string,
    private readonly afterSeq: number | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly owner?: string,
  ) {
    this.#lastSeq = afterSeq ?? 0;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<JobEvent>> {
    // Steps run one after another: replay and dedupe state is not safe to share between them.
    const step = this.#chain.then(() => this.#step());
    this.#chain = step.catch(() => undefined);
    return step;
  }

  async return(): Promise<IteratorResult<JobEvent>> {
    this.#finish();
    return DONE;
  }

  async #step(): Promise<IteratorResult<JobEvent>> {
    if (this.#done) return DONE;
    try {
      if (!this.#started) {
        this.#started = true;
        await this.#start();
      }
      while (!this.#done && !this.signal?.aborted) {
        const event = this.#replayAt < this.#replay.length ? this.#replay[this.#replayAt++] : await this.#nextLive();
        if (!event) break;
        if (event.seq <= this.#lastSeq) continue;
        this.#lastSeq = event.seq;
        if (isTerminalStatus(event.snapshot.status)) this.#finish();
        return { done: false, value: event };
      }
      this.#finish();
      return DONE;
    } catch (error) {
      this.#finish();
      throw error;
    }
  }

  async #start(): Promise<void> {
    const { store, feed, events } = this.deps;
    this.deps.assertOpen();
    if (this.afterSeq !== undefined && !(Number.isSafeInteger(this.afterSeq) && this.afterSeq >= 0)) {
      throw new TrackerError('INVALID_ARGUMENT', `afterSeq inválido: ${this.afterSeq}`, this.id);
    }
    this.#live = feed.open({ jobId: this.id }, this.signal);
    await this.#live.ready;
    const current = await store.get(this.id);
    if (!current || (this.owner !== undefined && current.owner !== this.owner))
      throw new TrackerError('JOB_NOT_FOUND', `Job con ID '${this.id}' no encontrado`, this.id);
    if (this.afterSeq === undefined) {
      this.#replay = [events.eventOf(current)];
    } else if (current.seq > this.afterSeq) {
      const versions = await store.history(this.id, this.afterSeq);
      // No history left (trimmed after the grace period): the latest state is all there is.
      const replay = versions?.length ? versions : [current];
      this.#replay = replay.map((record) => events.peek(record));
    } else if (isTerminalStatus(current.status)) {
      this.#finish();
    }
  }

  async #nextLive(): Promise<JobEvent | undefined> {
    if (!this.#live) return undefined;
    const result = await this.#live.next();
    return result.done ? undefined : result.value;
  }

  #finish(): void {
    this.#done = true;
    this.#replay = [];
    this.#live?.close();
  }
}

/** Every job's live events (optionally of one status) until aborted or closed. */
export class AllJobsStream implements AsyncIterableIterator<JobEvent> {
  #live: FeedSubscription | null = null;
  #done = false;

  constructor(
    private readonly deps: StreamDeps,
    private readonly filter: { status?: JobEvent['snapshot']['status'] | undefined; owner?: string | undefined },
    private readonly signal: AbortSignal | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<JobEvent>> {
    if (this.#done) return DONE;
    if (!this.#live) {
      this.deps.assertOpen();
      this.#live = this.deps.feed.open({ status: this.filter.status, owner: this.filter.owner }, this.signal);
      await this.#live.ready;
    }
    const result = await this.#live.next();
    if (result.done) this.#finish();
    return result;
  }

  async return(): Promise<IteratorResult<JobEvent>> {
    this.#finish();
    return DONE;
  }

  #finish(): void {
    this.#done = true;
    this.#live?.close();
  }
}
