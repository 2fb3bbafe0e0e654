import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRedisBlobStore, type RedisBlobStore } from '../src/redis/index.ts';
import { useTestRedis } from './support/use-test-redis.ts';

const redis = useTestRedis<RedisBlobStore>();

/** Two stores on one prefix stand for two processes. */
async function pair(options: { ttlMs?: number; maxKept?: number; maxBytes?: number } = {}) {
  const prefix = redis.prefix('blobs');
  const make = () =>
    createRedisBlobStore({
      url: redis.url,
      prefix,
      name: 'result',
      ttlMs: options.ttlMs ?? 60_000,
      maxKept: options.maxKept ?? 10,
      maxBytes: options.maxBytes ?? 1_000_000,
    });
  const made = [await make(), await make()] as const;
  redis.keep(...made);
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

  it('keeps the newest values within maxBytes, counted in UTF-8, and refuses one larger than that alone', async () => {
    const { writer, reader, prefix } = await pair({ maxBytes: 1000 });
    // 'ñ' is two bytes: each value is 400 bytes, so two fit and a third pushes the oldest out.
    const value = (c: string) => c.repeat(100) + 'ñ'.repeat(150);
    for (const id of ['j1', 'j2', 'j3']) expect(await writer.put(id, value(id[1]!))).toBe(true);
    expect(await reader.get('j1')).toBeNull();
    expect(await reader.get('j3')).toBe(value('3'));
    expect(cli('hget', `${prefix}:result-sizes`, '#')).toBe('800');
    expect(await writer.put('big', 'x'.repeat(1001))).toBe(false);
    expect(await reader.get('big')).toBeNull();
    expect(await reader.get('j2')).toBe(value('2'));
    // Written again, a value replaces itself: its old size is not counted twice.
    expect(await writer.put('j3', 'y')).toBe(true);
    expect(cli('hget', `${prefix}:result-sizes`, '#')).toBe('401');
  });

  it('gives each value the TTL of the data it belongs to', async () => {
    const { writer, prefix } = await pair({ ttlMs: 90_000 });
    await writer.put('j1', 'x');
    const left = Number(cli('pttl', `${prefix}:result:j1`));
    expect(left).toBeGreaterThan(80_000);
    expect(left).toBeLessThanOrEqual(90_000);
  });

  it('refuses a size or lifetime that would keep nothing', async () => {
    const options = { url: redis.url, prefix: 'x', name: 'r', ttlMs: 1, maxKept: 1, maxBytes: 1 };
    for (const bad of [{ ttlMs: 0 }, { maxKept: 0 }, { maxBytes: 0 }]) {
      await expect(createRedisBlobStore({ ...options, ...bad })).rejects.toThrow(RangeError);
    }
  });
});
