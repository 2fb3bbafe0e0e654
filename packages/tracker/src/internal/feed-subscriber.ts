import type { JobEvent, JobStatus } from '@noticias/contract';
import type { FeedSubscription } from '../job-event-feed.ts';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * One subscriber of the memory feed: a small queue, the resolver of a waiting `next()`, and
 * nothing else (an `events.on()` iterator costs ~33 KB; this costs a few hundred bytes).
 *
 * A consumer that falls `queueLimit` events behind has its queue collapsed to the latest event
 * of each job: a slow reader skips intermediate progress, but still gets every job's last state,
 * and a terminal event is always the last of its job, so it is never dropped. The next collapse
 * waits until the queue doubles again, so collapsing stays amortised O(1) per event even when a
 * global subscriber is behind on many distinct jobs.
 */
export class FeedSubscriber implements FeedSubscription {
  readonly ready: Promise<void>;
  readonly jobId: string | undefined;
  readonly status: JobStatus | undefined;
  readonly owner: string | undefined;
  #queue: JobEvent[] = [];
  #head = 0;
  #collapseAt: number;
  #waiter: ((result: IteratorResult<JobEvent>) => void) | null = null;
  /** open: receiving; ending: unregistered, draining its queue; closed: nothing more. */
  #state: 'open' | 'ending' | 'closed' = 'open';
  #signal: AbortSignal | undefined;
  #detach: ((subscriber: FeedSubscriber) => void) | null;
  readonly #onAbort = (): void => this.close();

  constructor(
    filter: { jobId?: string | undefined; status?: JobStatus | undefined; owner?: string | undefined },
    private readonly queueLimit: number,
    ready: Promise<void>,
    detach: (subscriber: FeedSubscriber) => void,
  ) {
    this.jobId = filter.jobId;
    this.status = filter.status;
    this.owner = filter.owner;
    this.ready = ready;
    this.#collapseAt = queueLimit;
    this.#detach = detach;
  }

  /** Called once registered: an abort then closes and unregisters it. */
  listenTo(signal: AbortSignal | undefined): void {
    if (!signal || this.#state === 'closed') return;
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  push(event: JobEvent): void {
    if (this.#state !== 'open') return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      waiter({ done: false, value: event });
      return;
    }
    this.#queue.push(event);
    if (this.queued > this.#collapseAt) this.#collapse();
  }

  next(): Promise<IteratorResult<JobEvent>> {
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as unknown as JobEvent;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      return Promise.resolve({ done: false, value });
    }
    if (this.#state !== 'open') {
      this.close();
      return Promise.resolve(DONE);
    }
    // A second concurrent next() would orphan the first; the interface is single-consumer.
    return new Promise((resolve) => {
      this.#waiter?.(DONE);
      this.#waiter = resolve;
    });
  }

  async return(): Promise<IteratorResult<JobEvent>> {
    this.close();
    return DONE;
  }

  /** Unregisters but lets the consumer read what is queued (after a terminal event, or removal). */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#unregister();
    if (this.queued === 0) this.close();
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#unregister();
    this.#queue = [];
    this.#head = 0;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.(DONE);
  }

  #unregister(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#signal = undefined;
    const detach = this.#detach;
    this.#detach = null;
    detach?.(this);
  }

  #collapse(): void {
    const latest = new Map<string, JobEvent>();
    for (let i = this.#head; i < this.#queue.length; i++) {
      const event = this.#queue[i]!;
      // Delete first so each job sits at the position of its latest event.
      latest.delete(event.snapshot.job_id);
      latest.set(event.snapshot.job_id, event);
    }
    this.#queue = [...latest.values()];
    this.#head = 0;
    this.#collapseAt = Math.max(this.queueLimit, this.#queue.length * 2);
  }
}
