import { isTerminalStatus } from '@noticias/contract';
import type { Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisNode, startTestRedis, type RedisNode, type TestRedis } from './support/redis-nodes.ts';
import { gate, getJson, postJson, sampleJson, type Gate } from './support/server.ts';

const JOBS = 6;
const CONCURRENCY = 2;
const FINAL_DEADLINE_MS = 45_000;

let redis: TestRedis | undefined;
const started: RedisNode[] = [];
afterEach(async () => {
  for (const node of started.splice(0)) await node.close();
  await redis?.destroy();
  redis = undefined;
});

/**
 * The real pipeline held at a gate; `reached(n)` resolves once n runs are waiting at it and
 * `finished(n)` once n runs returned (their result still to be written to the tracker).
 */
function heldPipeline(real: Pipeline, hold: Gate) {
  let runs = 0;
  let done = 0;
  const waiters: { count: () => number; n: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of waiters.splice(0)) {
      if (w.count() >= w.n) w.resolve();
      else waiters.push(w);
    }
  };
  const when = (count: () => number, n: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ count, n, resolve });
      notify();
    });
  const pipeline: Pipeline = {
    async run(input, options) {
      runs += 1;
      notify();
      await hold.promise;
      const result = await real.run(input, options);
      done += 1;
      notify();
      return result;
    },
    close: () => real.close(),
  };
  return { pipeline, reached: (n: number) => when(() => runs, n), finished: (n: number) => when(() => done, n) };
}

async function submitAsync(api: RedisNode): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const answer = await postJson(
      `${api.url}/procesar_fragmento`,
      sampleJson('fragments', '01-informe-fragmento.json'),
      {
        prefer: 'respond-async',
      },
    );
    expect(answer.status).toBe(202);
    ids.push(answer.body.data?.job_id ?? answer.body.job_id);
  }
  return ids;
}

/** Each job's status over REST once every one is final, or as they stand at the deadline. */
async function finalStatuses(api: RedisNode, ids: string[]): Promise<Record<string, string>> {
  const statuses: Record<string, string> = {};
  const deadline = Date.now() + FINAL_DEADLINE_MS;
  for (;;) {
    for (const id of ids) {
      if (statuses[id] && isTerminalStatus(statuses[id] as never)) continue;
      const answer = await getJson(`${api.url}/status/${id}`);
      statuses[id] = answer.status === 200 ? answer.body.data.status : `http ${answer.status}`;
    }
    if (ids.every((id) => isTerminalStatus(statuses[id] as never)) || Date.now() > deadline) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The tracker, counting `complete` writes that Redis refused; `refused(n)` resolves at n. */
function watchedTracker(real: JobTracker) {
  let count = 0;
  let waiter: { n: number; resolve: () => void } | undefined;
  const tracker: JobTracker = Object.assign(Object.create(real) as JobTracker, {
    complete: async (...args: Parameters<JobTracker['complete']>) => {
      try {
        return await real.complete(...args);
      } catch (error) {
        count += 1;
        if (waiter && count >= waiter.n) waiter.resolve();
        throw error;
      }
    },
  });
  const refused = (n: number) =>
    new Promise<void>((resolve) => {
      if (count >= n) resolve();
      else waiter = { n, resolve };
    });
  return { tracker, refused };
}

async function topology(hold: Gate) {
  redis = await startTestRedis({ appendOnly: true });
  const api = await startRedisNode(redis.url, 'inflight', { role: 'api' });
  started.push(api);
  const held = { value: undefined as ReturnType<typeof heldPipeline> | undefined };
  const writes = { value: undefined as ReturnType<typeof watchedTracker> | undefined };
  const worker = await startRedisNode(
    redis.url,
    'inflight',
    { role: 'worker', pipelineConcurrency: CONCURRENCY, redisLockDurationMs: 1000 },
    {
      wrapPipeline: (real) => {
        held.value = heldPipeline(real, hold);
        return held.value.pipeline;
      },
      wrapTracker: (real) => {
        writes.value = watchedTracker(real);
        return writes.value.tracker;
      },
    },
  );
  started.push(worker);
  return { api, worker, held: held.value!, writes: writes.value! };
}

describe('Redis restarted (clean shutdown, AOF on) with acknowledged jobs in flight', () => {
  it('jobs pending and processing while it is down all end completed once it is back', async () => {
    const hold = gate();
    const { api, held } = await topology(hold);
    const ids = await submitAsync(api);
    await held.reached(CONCURRENCY);

    await redis!.stop({ save: true });
    await redis!.start();
    hold.open();

    const statuses = await finalStatuses(api, ids);
    expect(statuses).toEqual(Object.fromEntries(ids.map((id) => [id, 'completed'])));
    expect((await api.tracker.stats()).counts.processing).toBe(0);
  }, 90_000);

  it('jobs that finished while Redis was down (their final write refused) still end completed once it is back', async () => {
    const hold = gate();
    const { api, held, writes } = await topology(hold);
    const ids = await submitAsync(api);
    await held.reached(CONCURRENCY);

    await redis!.stop({ save: true });
    // The running jobs end while their results cannot be written anywhere.
    hold.open();
    await held.finished(CONCURRENCY);
    await writes.refused(CONCURRENCY);
    await redis!.start();

    const statuses = await finalStatuses(api, ids);
    expect(statuses).toEqual(Object.fromEntries(ids.map((id) => [id, 'completed'])));
    expect((await api.tracker.stats()).counts.processing).toBe(0);
  }, 90_000);
});
