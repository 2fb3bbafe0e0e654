import type { JobEvent } from '@noticias/contract';
import type { JobEventFeed } from '../job-event-feed.ts';
import { createMemoryEventFeed } from '../memory-event-feed.ts';

export interface RedisEventFeed extends JobEventFeed {
  /** An event read from the stream, from any process (this one's included). */
  deliver(event: JobEvent, owner: string | null): void;
  /** Jobs removed, as read from the stream (after every version of theirs). */
  removed(ids: readonly string[]): void;
}

const MAX_TRACKED_JOBS = 100_000;

/**
 * The local fan-out of a process: its own writes are delivered at once (`publish`, after the
 * commit), everybody's arrive from the one stream reader (`deliver`). A job's events can come
 * both ways; one is passed on only if it is newer than the last one passed on for that job, so
 * subscribers get each version once, in seq order (an older one arriving late is dropped, never
 * the latest).
 */
export function createRedisEventFeed(options: { subscriberQueueLimit?: number } = {}): RedisEventFeed {
  const local = createMemoryEventFeed(options);
  const lastSeq = new Map<string, number>();

  function pass(event: JobEvent, owner: string | null = null): Promise<void> {
    const id = event.snapshot.job_id;
    const last = lastSeq.get(id);
    if (last !== undefined && event.seq <= last) return Promise.resolve();
    lastSeq.delete(id);
    lastSeq.set(id, event.seq);
    if (lastSeq.size > MAX_TRACKED_JOBS) {
      const oldest = lastSeq.keys().next();
      if (!oldest.done) lastSeq.delete(oldest.value);
    }
    return local.publish(event, owner);
  }

  return {
    publish: pass,
    deliver(event, owner) {
      void pass(event, owner);
    },
    open: (filter, signal) => local.open(filter, signal),
    removed(ids) {
      for (const id of ids) lastSeq.delete(id);
      void local.endJobs(ids);
    },
    // A removal made here can overtake the job's last versions still on their way through the
    // stream: what they passed on is kept until the stream says the job is gone.
    endJobs: (ids) => local.endJobs(ids),
    listenerCount: () => local.listenerCount(),
    async close() {
      lastSeq.clear();
      await local.close();
    },
  };
}
