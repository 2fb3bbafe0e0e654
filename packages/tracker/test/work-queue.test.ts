import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkConsumer, createWorkQueue } from '../src/redis/index.ts';
import { startTestRedis, type TestRedis } from './support/redis-server.ts';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.destroy();
});

it('many submissions wait on one queue at once: each gets its own result, and Node sees no listener leak', async () => {
  const options = { url: redis.url, prefix: 'wait-many' };
  const queue = await createWorkQueue<{ n: number }, { doubled: number }>({
    ...options,
    retentionMs: 60_000,
    maxKept: 100,
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const consumer = await createWorkConsumer<{ n: number }, { doubled: number }>({
    ...options,
    concurrency: 50,
    isRequeue: () => false,
    async process(_id, payload) {
      await gate;
      return { doubled: payload.n * 2 };
    },
  });
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    const items = await Promise.all(Array.from({ length: 30 }, (_, n) => queue.add(`job-${n}`, { n })));
    const outcomes = items.map((item) => item.finished(10_000));
    release();
    expect(await Promise.all(outcomes)).toEqual(
      Array.from({ length: 30 }, (_, n) => ({ state: 'completed', value: { doubled: n * 2 } })),
    );
    // Warnings are emitted on the next tick after the listener that crosses the limit.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
    await consumer.close();
    await queue.close();
  }
});
