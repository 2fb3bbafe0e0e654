import { Redis } from 'ioredis';

/**
 * A plain command connection for what lives beside the tracker in the same Redis (e.g. the
 * HTTP rate-limit counters every api process shares). Commands fail within `commandTimeoutMs`
 * while Redis is down instead of queueing for ever; the connection reconnects by itself.
 */
export async function createRedisClient(
  url: string,
  name: string,
  options: { commandTimeoutMs?: number } = {},
): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}
