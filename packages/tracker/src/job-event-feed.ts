import type { JobEvent, JobStatus } from '@noticias/contract';

export interface FeedFilter {
  /** One job's events; absent for every job's. */
  jobId?: string | undefined;
  /** Only events whose snapshot has this status (every-job subscriptions). */
  status?: JobStatus | undefined;
  /** Only events of this owner's jobs (every-job subscriptions). */
  owner?: string | undefined;
}

/** A live subscription. Single consumer; `next()` resolves `done` once closed or ended. */
export interface FeedSubscription extends AsyncIterator<JobEvent> {
  /** Resolves once the subscription receives every event published from then on. */
  readonly ready: Promise<void>;
  /** Stops delivery and unregisters at once; a pending `next()` resolves `done`. */
  close(): void;
}

/**
 * Live fan-out of job events (the history for replay lives in the store). Promise-based so a
 * Redis pub/sub feed can implement it.
 *
 * Rules every implementation keeps: events of one job are delivered in `publish` order; a
 * one-job subscription ends by itself after delivering that job's terminal event; a subscriber
 * that falls behind may lose intermediate events but never the last one of a job (nor a
 * terminal one); closing, aborting or ending leaves no listener behind.
 */
export interface JobEventFeed {
  /** `owner`: the job's (`JobRecord.owner`), for subscriptions filtered by owner; a Redis feed carries it in the message. */
  publish(event: JobEvent, owner?: string | null): Promise<void>;
  /** Registers at once (`ready` says when it is effective); closes itself when `signal` aborts. */
  open(filter: FeedFilter, signal?: AbortSignal): FeedSubscription;
  /** Ends the one-job subscriptions of removed jobs (after what they have queued). */
  endJobs(ids: readonly string[]): Promise<void>;
  /** Live subscriptions, one-job and every-job. */
  listenerCount(): number;
  /** Ends every subscription. */
  close(): Promise<void>;
}
