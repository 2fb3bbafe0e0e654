import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestRedis, type TestRedis } from './redis-server.ts';

/**
 * A test file's redis-server, started once; whatever a test hands to `keep` is closed after it,
 * and `prefix` gives each caller a key prefix of its own, so tests share the server, not keys.
 */
export function useTestRedis<T extends { close(): Promise<unknown> }>() {
  let redis: TestRedis | undefined;
  let n = 0;
  const open: T[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });
  afterAll(async () => {
    await redis?.destroy();
  });
  return {
    get url(): string {
      if (!redis) throw new Error('redis not started');
      return redis.url;
    },
    get port(): number {
      if (!redis) throw new Error('redis not started');
      return redis.port;
    },
    prefix: (name: string) => `${name}-${++n}`,
    keep(...items: T[]): void {
      open.push(...items);
    },
  };
}
