import { createJobTracker, type Clock } from './create-job-tracker.ts';
import type { JobTracker, TrackerLimits } from './job-tracker.ts';
import { createMemoryEventFeed } from './memory-event-feed.ts';
import { createMemoryJobStore } from './memory-job-store.ts';

export interface MemoryJobTrackerOptions {
  clock?: Clock;
  limits?: Partial<TrackerLimits>;
  idGenerator?: () => string;
  /** See `JobTrackerOptions.historyGraceMs` (default 5 minutes). */
  historyGraceMs?: number;
  /** See `JobTrackerOptions.snapshotCacheSize` (default 10,000). */
  snapshotCacheSize?: number;
  /** See `JobTrackerOptions.sweepChunkSize` (default 5,000). */
  sweepChunkSize?: number;
  /** Events a subscriber may fall behind before its queue is collapsed (default 64). */
  subscriberQueueLimit?: number;
  /** Versions kept per job for replay (default 64). */
  maxHistoryPerJob?: number;
  onSweepError?: (error: unknown) => void;
}

/** The in-memory job tracker: a memory store and a memory feed under `createJobTracker`. */
export function createMemoryJobTracker(options: MemoryJobTrackerOptions = {}): JobTracker {
  const { subscriberQueueLimit, maxHistoryPerJob, ...trackerOptions } = options;
  return createJobTracker({
    ...trackerOptions,
    store: createMemoryJobStore({ maxHistoryPerJob }),
    feed: createMemoryEventFeed({ subscriberQueueLimit }),
  });
}
