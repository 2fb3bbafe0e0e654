export {
  createRedisJobTracker,
  DEFAULT_REDIS_PREFIX,
  type RedisJobTrackerOptions,
} from './create-redis-job-tracker.ts';
export { createRedisJobStore, type RedisJobStore, type RedisJobStoreOptions } from './redis-job-store.ts';
export { createRedisEventFeed, type RedisEventFeed } from './redis-event-feed.ts';
export { createRedisEventStream, type RedisEventStream, type RedisEventStreamOptions } from './redis-event-stream.ts';
