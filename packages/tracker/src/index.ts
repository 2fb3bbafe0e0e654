export type {
  CreateJobInput,
  JobPage,
  JobTracker,
  ListJobsOptions,
  ProgressUpdate,
  SubscribeAllOptions,
  SubscribeOptions,
  TrackerLimits,
  OwnerFilter,
  TrackerStats,
} from './job-tracker.ts';
export { TrackerError, type TrackerErrorCode } from './tracker-error.ts';
export { createMemoryJobTracker, type MemoryJobTrackerOptions } from './create-memory-job-tracker.ts';
export {
  createJobTracker,
  DEFAULT_HISTORY_GRACE_MS,
  type Clock,
  type JobTrackerOptions,
} from './create-job-tracker.ts';
export type { InsertOutcome, JobRecord, JobStore, ListQuery, NewJobRecord, StoreCounts } from './job-store.ts';
export type { FeedFilter, FeedSubscription, JobEventFeed } from './job-event-feed.ts';
export { createMemoryJobStore, type MemoryJobStoreOptions } from './memory-job-store.ts';
export { createMemoryEventFeed, type MemoryEventFeedOptions } from './memory-event-feed.ts';
export { createJobRecord } from './internal/compact-job-record.ts';
export { createJobIdGenerator } from './internal/job-id.ts';
export { DEFAULT_LIST_LIMIT, DEFAULT_TRACKER_LIMITS, MAX_LIST_LIMIT } from './internal/limits.ts';
