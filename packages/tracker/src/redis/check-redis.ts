import { Redis } from 'ioredis';

export class RedisCheckError extends Error {
  override readonly name = 'RedisCheckError';
  constructor(
    readonly code: 'REDIS_UNREACHABLE' | 'REDIS_EVICTION_POLICY',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Checks, before anything is built on it, that Redis answers and will not evict keys: BullMQ and
 * the tracker lose jobs silently under any `maxmemory-policy` but `noeviction`. One attempt, with
 * a bounded wait, so a wrong address stops the process at once instead of retrying forever.
 */
export async function checkRedis(url: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Connection errors are reported by connect(); without a listener ioredis would log them too.
  redis.on('error', () => undefined);
  try {
    try {
      await redis.connect();
    } catch (error) {
      throw new RedisCheckError(
        'REDIS_UNREACHABLE',
        `Redis is unreachable (${error instanceof Error ? error.message : String(error)})`,
        {
          cause: error,
        },
      );
    }
    const reply = await redis.config('GET', 'maxmemory-policy');
    const policy = reply[1];
    if (policy !== undefined && policy !== 'noeviction') {
      throw new RedisCheckError(
        'REDIS_EVICTION_POLICY',
        `Redis maxmemory-policy is '${policy}'; jobs need 'noeviction' (CONFIG SET maxmemory-policy noeviction)`,
      );
    }
  } finally {
    redis.disconnect();
  }
}
