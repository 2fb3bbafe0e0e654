import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@noticias/contract';
import type { JobTracker } from '../src/index.ts';
import { createRedisJobTracker } from '../src/redis/index.ts';
import { createManualClock, expectTrackerError, fragmentJob, jobIn, resultSummary } from './conformance/harness.ts';
import { startTestRedis } from './support/redis-server.ts';
import { useTestRedis } from './support/use-test-redis.ts';

// Two trackers on one prefix stand for two processes: each has its own connections, stream
// reader, read cache and fan-out, and shares nothing with the other but Redis.

const redis = useTestRedis<JobTracker>();

async function pair(): Promise<[JobTracker, JobTracker, ReturnType<typeof createManualClock>]> {
  const clock = createManualClock();
  const prefix = redis.prefix('coherence');
  const make = () =>
    createRedisJobTracker({
      url: redis.url,
      prefix,
      clock,
      limits: { sweepIntervalMs: Infinity, retentionMs: 60_000 },
    });
  const trackers = [await make(), await make()] as const;
  redis.keep(...trackers);
  return [trackers[0], trackers[1], clock];
}

/** The next event of `tracker`'s every-job feed that satisfies `match`. */
async function nextEvent(all: AsyncIterator<JobEvent>, match: (event: JobEvent) => boolean): Promise<JobEvent> {
  for (;;) {
    const { value, done } = await all.next();
    if (done) throw new Error('feed ended');
    if (match(value)) return value;
  }
}

describe('Redis tracker across processes', () => {
  it("keeps a process's cached reads coherent with another process's writes and removals", async () => {
    const [a, b, clock] = await pair();
    const feed = b.subscribeAll()[Symbol.asyncIterator]();
    // The first next() registers the subscription: it must come before the writes.
    const first = feed.next();
    const id = await jobIn(a, 'processing');
    // B's reads may lag A's writes by the stream's delivery, never more: once B's feed has
    // passed a version on, B reads that version (or a newer one), never an older one.
    if ((await first).value?.seq !== 2) await nextEvent(feed, (e) => e.seq === 2);
    expect((await b.get(id))!.status).toBe('processing');
    const seen = feed.next();
    await a.progress(id, { percentage: 40, message: 'Fase 2' });
    expect((await seen).value).toMatchObject({ seq: 3, snapshot: { progress: { percentage: 40 } } });
    // Once B's stream reader has passed A's write on, B's reads show it: the cache follows the stream.
    expect((await b.get(id))!.progress.percentage).toBe(40);
    await a.complete(id, resultSummary());
    await nextEvent(feed, (e) => e.snapshot.status === 'completed');
    expect(await b.get(id)).toEqual(await a.get(id));
    clock.advance(60_000);
    expect(await a.sweep()).toBe(1);
    // The removal travels the same stream; B forgets the job, reads and lists agree.
    const deadline = Date.now() + 10_000;
    while ((await b.get(id)) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await b.get(id)).toBeUndefined();
    expect((await b.list()).items).toEqual([]);
    await feed.return!();
  });

  it("delivers another process's changes to this process's subscribers, with the same seq", async () => {
    const [a, b] = await pair();
    const { job_id: id } = await a.create({
      kind: 'fragmento',
      metadata: {
        tipo: 'fragmento',
        id_fragmento: 'f',
        id_articulo_fuente: 'a',
        longitud_texto: 1,
        orden_en_articulo: 1,
      },
    });
    const events = b.subscribe(id)[Symbol.asyncIterator]();
    expect((await events.next()).value!.seq).toBe(1);
    await a.start(id);
    await a.progress(id, { percentage: 50, message: 'm' });
    await a.complete(id, resultSummary());
    const rest: JobEvent[] = [];
    for (;;) {
      const { value, done } = await events.next();
      if (done) break;
      rest.push(value);
    }
    expect(rest.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(rest.at(-1)!.snapshot).toEqual(await a.get(id));
    expect(b.listenerCount()).toBe(0);
  });

  it('applies concurrent changes from two processes one after the other (compare and set)', async () => {
    const [a, b] = await pair();
    const id = await jobIn(a, 'processing');
    await b.get(id);
    const writes = [];
    for (let i = 1; i <= 10; i++) writes.push((i % 2 ? a : b).progress(id, { percentage: i, message: `${i}` }));
    const results = await Promise.all(writes);
    expect(new Set(results.map((s) => s.updated_at)).size).toBeGreaterThan(0);
    const history = [];
    for await (const event of a.subscribe(id, { afterSeq: 0 })) {
      history.push(event.seq);
      if (history.length === 12) break;
    }
    expect(history).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('reconnects by itself after Redis restarts: writes and live delivery resume, and close() stays short', async () => {
    const own = await startTestRedis();
    const trackers: JobTracker[] = [];
    try {
      const make = async () => {
        const tracker = await createRedisJobTracker({
          url: own.url,
          prefix: 'restart',
          limits: { sweepIntervalMs: Infinity },
        });
        trackers.push(tracker);
        return tracker;
      };
      const a = await make();
      const b = await make();
      for (let i = 0; i < 5; i++) await jobIn(a, 'completed', i);
      await own.stop();
      await own.start();
      const feed = b.subscribeAll()[Symbol.asyncIterator]();
      const seen = feed.next();
      let created: string | undefined;
      // Writes fail (STORE_UNAVAILABLE) until the connection is back.
      while (created === undefined) {
        created = await a.create(fragmentJob(9)).then(
          (snapshot) => snapshot.job_id,
          () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50)),
        );
      }
      expect((await seen).value).toMatchObject({ seq: 1, snapshot: { job_id: created, status: 'pending' } });
      await feed.return!();
    } finally {
      await Promise.all(trackers.map((tracker) => tracker.close()));
      await own.destroy();
    }
  });
});

describe('a tracker that reads no events (a worker process)', () => {
  /** A worker's tracker (`readEvents: false`) and an api's, on one prefix, clock and timeout. */
  async function workerAndApi() {
    const clock = createManualClock();
    const prefix = redis.prefix('no-events');
    const make = (readEvents: boolean) =>
      createRedisJobTracker({
        url: redis.url,
        prefix,
        clock,
        readEvents,
        limits: { sweepIntervalMs: Infinity, retentionMs: 60_000, timeoutMs: 30_000 },
      });
    const worker = await make(false);
    const api = await make(true);
    redis.keep(worker, api);
    return { worker, api, clock };
  }

  it("writes reach the other processes' subscribers, and a version it cached never hides a newer one", async () => {
    const { worker, api } = await workerAndApi();
    const { job_id: id } = await api.create(fragmentJob(1));
    const events = api.subscribe(id)[Symbol.asyncIterator]();
    expect((await events.next()).value!.seq).toBe(1);
    await worker.start(id);
    await worker.progress(id, { percentage: 25, message: 'Fase 1' });
    expect((await events.next()).value!.snapshot.status).toBe('processing');
    expect((await events.next()).value!.snapshot.progress.percentage).toBe(25);
    // Cancelled on the api side: the worker's cached `processing` version is now stale.
    await api.fail(id, { tipo: 'cancelled', mensaje: 'Cancelado', fase: null });
    await expectTrackerError(worker.progress(id, { percentage: 50, message: 'Fase 2' }), 'INVALID_TRANSITION');
    await expectTrackerError(worker.complete(id, resultSummary()), 'INVALID_TRANSITION');
    expect((await worker.get(id))!.status).toBe('failed');
    expect((await api.get(id))!.error?.tipo).toBe('cancelled');
    await events.return!();
  });

  it('writes progress on a job another process started, whatever older version it cached', async () => {
    const { worker, api } = await workerAndApi();
    const { job_id: id } = await api.create(fragmentJob(3));
    expect((await worker.get(id))!.status).toBe('pending');
    await api.start(id);
    // From the cached `pending` version the progress would be refused; Redis says `processing`.
    expect((await worker.progress(id, { percentage: 30, message: 'Fase 1' })).progress.percentage).toBe(30);
  });

  it('times out a job another process started, whatever older version it cached', async () => {
    const { worker, api, clock } = await workerAndApi();
    const { job_id: id } = await api.create(fragmentJob(2));
    expect((await worker.get(id))!.status).toBe('pending');
    await api.start(id);
    clock.advance(31_000);
    await worker.sweep();
    expect(await api.get(id)).toMatchObject({ status: 'failed', error: { tipo: 'timeout' } });
  });
});

describe('cancel relay across processes', () => {
  it('reaches the process holding the job and says no when none does', async () => {
    const [a, b] = await pair();
    const held = await jobIn(a, 'processing', 1);
    const other = await jobIn(a, 'processing', 2);
    const askedOnB: string[] = [];
    b.onCancelRequest((id) => {
      askedOnB.push(id);
      return id === held;
    });
    expect(await a.requestCancel(held)).toBe(true);
    expect(await a.requestCancel(other)).toBe(false);
    expect(askedOnB).toEqual([held, other]);
    // The relay changes no state: the runner that took it records the failure.
    expect((await a.get(held))?.status).toBe('processing');
  });
});
