export {
  createRedisJobTracker,
  DEFAULT_REDIS_PREFIX,
  type RedisJobTrackerOptions,
} from './create-redis-job-tracker.ts';
export { createRedisJobStore, type RedisJobStore, type RedisJobStoreOptions } from './redis-job-store.ts';
export { createRedisEventFeed, type RedisEventFeed } from './redis-event-feed.ts';
export { createRedisEventStream, type RedisEventStream, type RedisEventStreamOptions } from './redis-event-stream.ts';
export {
  createWorkConsumer,
  createWorkQueue,
  type WorkConsumer,
  type WorkConsumerOptions,
  type WorkItem,
  type WorkOutcome,
  type WorkQueue,
  type WorkQueueOptions,
  type WorkQueueRetention,
} from './work-queue.ts';
export { checkRedis, RedisCheckError } from './check-redis.ts';
export {
  createRedisKeyClaims,
  type KeyClaim,
  type RedisKeyClaims,
  type RedisKeyClaimsOptions,
} from './redis-key-claims.ts';
export { createRedisClient } from './create-redis-client.ts';
export { createRedisBlobStore, type RedisBlobStore, type RedisBlobStoreOptions } from './redis-blob-store.ts';
