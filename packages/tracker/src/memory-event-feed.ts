import { isTerminalStatus, type JobEvent } from '@noticias/contract';
import type { FeedFilter, FeedSubscription, JobEventFeed } from './job-event-feed.ts';
import { FeedSubscriber } from './internal/feed-subscriber.ts';

export interface MemoryEventFeedOptions {
  /** Events a subscriber may fall behind before its queue is collapsed (default 64). */
  subscriberQueueLimit?: number;
}

/**
 * The in-memory `JobEventFeed`: one Set of subscribers per job with subscribers, plus one Set
 * for every-job subscribers. Publishing costs the number of matching subscribers; adding and
 * removing one is O(1), so 10,000 subscribers come and go without scanning each other.
 */
export function createMemoryEventFeed(options: MemoryEventFeedOptions = {}): JobEventFeed {
  const queueLimit = Math.max(2, options.subscriberQueueLimit ?? 64);
  const byJob = new Map<string, Set<FeedSubscriber>>();
  const everyJob = new Set<FeedSubscriber>();
  const ready = Promise.resolve();
  let listeners = 0;

  function detach(subscriber: FeedSubscriber): void {
    if (subscriber.jobId === undefined) {
      if (everyJob.delete(subscriber)) listeners--;
      return;
    }
    const set = byJob.get(subscriber.jobId);
    if (set?.delete(subscriber)) {
      listeners--;
      if (set.size === 0) byJob.delete(subscriber.jobId);
    }
  }

  return {
    async publish(event: JobEvent, owner: string | null = null) {
      const id = event.snapshot.job_id;
      const subscribers = byJob.get(id);
      if (subscribers) {
        for (const subscriber of subscribers) subscriber.push(event);
        // A job's stream ends with its terminal event; ending detaches, emptying the set.
        if (isTerminalStatus(event.snapshot.status)) for (const subscriber of subscribers) subscriber.end();
      }
      for (const subscriber of everyJob) {
        if (subscriber.owner !== undefined && subscriber.owner !== owner) continue;
        if (subscriber.status === undefined || subscriber.status === event.snapshot.status) subscriber.push(event);
      }
    },

    open(filter: FeedFilter, signal?: AbortSignal): FeedSubscription {
      const subscriber = new FeedSubscriber(filter, queueLimit, ready, detach);
      if (signal?.aborted) {
        subscriber.close();
        return subscriber;
      }
      if (filter.jobId === undefined) {
        everyJob.add(subscriber);
      } else {
        let set = byJob.get(filter.jobId);
        if (!set) byJob.set(filter.jobId, (set = new Set()));
        set.add(subscriber);
      }
      listeners++;
      subscriber.listenTo(signal);
      return subscriber;
    },

    async endJobs(ids) {
      // Removed jobs are finished, and their subscribers left at the terminal event: usually
      // there is nobody to end, and looking up 100,000 ids for nothing costs a sweep dearly.
      if (byJob.size === 0) return;
      for (const id of ids) {
        const subscribers = byJob.get(id);
        if (subscribers) for (const subscriber of subscribers) subscriber.end();
      }
    },

    listenerCount() {
      return listeners;
    },

    async close() {
      for (const subscribers of [...byJob.values()]) for (const subscriber of subscribers) subscriber.close();
      for (const subscriber of everyJob) subscriber.close();
    },
  };
}
