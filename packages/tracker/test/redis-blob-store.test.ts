import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBlobStore, type RedisBlobStore } from '../src/redis/index.ts';
import { startTestRedis, type TestRedis } from './support/redis-server.ts';

let redis: TestRedis;
let n = 0;
const open: RedisBlobStore[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await redis?.destroy();
});

/** Two stores on one prefix stand for two processes. */
async function pair(options: { ttlMs?: number; maxKept?: number } = {}) {
  const prefix = `blobs-${++n}`;
  const make = () =>
    createRedisBlobStore({
      url: redis.url,
      prefix,
      name: 'result',
      ttlMs: options.ttlMs ?? 60_000,
      maxKept: options.maxKept ?? 10,
    });
  const made = [await make(), await make()] as const;
  open.push(...made);
  return { writer: made[0], reader: made[1], prefix };
}

const cli = (...args: string[]) =>
  execFileSync('redis-cli', ['-p', String(redis.port), ...args])
    .toString()
    .trim();

describe('Redis blob store', () => {
  it("reads another process's values, byte for byte, and null for what was never written", async () => {
    const { writer, reader } = await pair();
    const value = JSON.stringify({ texto: 'Años de sequía — 12 % menos', n: [1, 2, 3] });
    await writer.put('req_a', value);
    expect(await reader.get('req_a')).toBe(value);
    expect(await reader.get('req_b')).toBeNull();
  });

  it('keeps the newest maxKept values: older ones are deleted, not only unindexed', async () => {
    const { writer, reader, prefix } = await pair({ maxKept: 3 });
    for (const id of ['j1', 'j2', 'j3', 'j4', 'j5']) await writer.put(id, id.toUpperCase());
    expect(await Promise.all(['j1', 'j2', 'j3', 'j4', 'j5'].map((id) => reader.get(id)))).toEqual([
      null,
      null,
      'J3',
      'J4',
      'J5',
    ]);
    expect(cli('zcard', `${prefix}:result-order`)).toBe('3');
    expect(cli('exists', `${prefix}:result:j1`)).toBe('0');
  });

  it('gives each value the TTL of the data it belongs to', async () => {
    const { writer, prefix } = await pair({ ttlMs: 90_000 });
    await writer.put('j1', 'x');
    const left = Number(cli('pttl', `${prefix}:result:j1`));
    expect(left).toBeGreaterThan(80_000);
    expect(left).toBeLessThanOrEqual(90_000);
  });

  it('refuses a size or lifetime that would keep nothing', async () => {
    await expect(
      createRedisBlobStore({ url: redis.url, prefix: 'x', name: 'r', ttlMs: 0, maxKept: 1 }),
    ).rejects.toThrow(RangeError);
    await expect(
      createRedisBlobStore({ url: redis.url, prefix: 'x', name: 'r', ttlMs: 1, maxKept: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
