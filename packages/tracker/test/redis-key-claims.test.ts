import { describe, expect, it } from 'vitest';
import { createRedisKeyClaims, type RedisKeyClaims } from '../src/redis/index.ts';
import { useTestRedis } from './support/use-test-redis.ts';

const redis = useTestRedis<RedisKeyClaims>();

async function pair(ttlMs = 60_000): Promise<[RedisKeyClaims, RedisKeyClaims]> {
  const prefix = redis.prefix('claims');
  const made = [
    await createRedisKeyClaims({ url: redis.url, prefix, ttlMs, pollMs: 5 }),
    await createRedisKeyClaims({ url: redis.url, prefix, ttlMs, pollMs: 5 }),
  ] as const;
  redis.keep(...made);
  return [made[0], made[1]];
}

describe('Redis key claims', () => {
  it('one claim of many concurrent ones wins; the others read its fingerprint and, later, its answer', async () => {
    const [a, b] = await pair();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('k', `fp-${i}`)));
    const winners = claims.filter((c) => c.status === 'claimed');
    expect(winners).toHaveLength(1);
    const winner = claims.indexOf(winners[0]!);
    const others = claims.filter((c) => c.status === 'existing');
    for (const other of others) expect(other.fingerprint).toBe(`fp-${winner}`);
    await (winner % 2 ? a : b).record('k', '{"mode":"async"}');
    for (const other of others) expect(await other.answer).toBe('{"mode":"async"}');
    expect(await a.size()).toBe(1);
  });

  it('a released key answers null to whoever waits, and is free to claim again', async () => {
    const [a, b] = await pair();
    expect((await a.claim('k', 'fp')).status).toBe('claimed');
    const waiting = await b.claim('k', 'fp');
    if (waiting.status !== 'existing') throw new Error('expected existing');
    await a.release('k');
    expect(await waiting.answer).toBeNull();
    expect((await b.claim('k', 'fp')).status).toBe('claimed');
  });

  it('a key is forgotten after its TTL', async () => {
    const [a, b] = await pair(200);
    expect((await a.claim('k', 'fp')).status).toBe('claimed');
    await a.record('k', 'answer');
    expect((await b.claim('k', 'fp')).status).toBe('existing');
    // Redis expires the key itself: wait for it through the claims, not a fixed sleep.
    await expect.poll(async () => (await b.size()) === 0, { timeout: 10_000 }).toBe(true);
    expect((await b.claim('k', 'fp2')).status).toBe('claimed');
  });
});
