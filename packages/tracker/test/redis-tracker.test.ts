import { afterAll, beforeAll } from 'vitest';
import { createRedisJobTracker } from '../src/redis/index.ts';
import { runTrackerConformance } from './conformance/tracker-conformance.ts';
import { startTestRedis, type TestRedis } from './support/redis-server.ts';

let redis: TestRedis;
let tracker = 0;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.destroy();
});

// Each test gets a fresh, empty tracker: its own key prefix in the same Redis.
runTrackerConformance('redis', ({ clock, limits }) =>
  createRedisJobTracker({ url: redis.url, prefix: `conformance-${++tracker}`, clock, limits }),
);
