import { describe, expect, it } from 'vitest';
import { createMemoryJobStore, type JobRecord, type JobStore } from '../src/index.ts';
import { completeJob, failJob, newJob, startJob } from '../src/internal/transitions.ts';
import { fragmentMetadata, jobId, resultSummary, T0 } from './conformance/harness.ts';

const insert = async (store: JobStore, n: number, at = T0, maxStored = 100) =>
  (await store.insert(newJob(jobId(n), 'fragmento', fragmentMetadata(n), at), maxStored)).record;
/** One write: start (if pending) and complete, so seq goes up by 2 at once. */
const finish = (store: JobStore, id: string, at: number) =>
  store.update(id, (r) => completeJob(r.status === 'pending' ? startJob(r, at) : r, resultSummary(), at));

describe('memory job store', () => {
  it('assigns increasing creation ordinals', async () => {
    const store = createMemoryJobStore();
    const orders = [];
    for (let n = 1; n <= 3; n++) orders.push((await insert(store, n)).order);
    expect(orders).toEqual([1, 2, 3]);
  });

  it('writes nothing when the change returns the current record or throws', async () => {
    const store = createMemoryJobStore();
    const record = await insert(store, 1);
    expect(await store.update(record.id, (r) => r)).toBe(record);
    await expect(
      store.update(record.id, () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await store.get(record.id)).toBe(record);
    expect(await store.history(record.id, 0)).toEqual([record]);
  });

  it('counts statuses as jobs move and leave', async () => {
    const store = createMemoryJobStore();
    for (let n = 1; n <= 4; n++) await insert(store, n, T0 + n);
    await store.update(jobId(1), (r) => startJob(r, T0 + 10));
    await finish(store, jobId(2), T0 + 20);
    await store.update(jobId(3), (r) => failJob(r, { tipo: 't', mensaje: 'm', fase: null }, T0 + 30));
    expect(await store.counts()).toEqual({
      counts: { pending: 1, processing: 1, completed: 1, failed: 1 },
      total: 4,
      oldestCreatedAt: T0 + 1,
      newestCreatedAt: T0 + 4,
    });
    expect(await store.removeFinished(T0 + 30, 10)).toEqual([jobId(2), jobId(3)]);
    expect((await store.counts()).counts).toEqual({ pending: 1, processing: 1, completed: 0, failed: 0 });
  });

  it('removes finished jobs oldest finished first, stopping at the first one still retained', async () => {
    const store = createMemoryJobStore();
    for (let n = 1; n <= 5; n++) await insert(store, n);
    for (const [n, at] of [
      [4, 10],
      [1, 20],
      [5, 30],
      [2, 40],
    ] as const)
      await finish(store, jobId(n), T0 + at);
    expect(await store.removeFinished(T0 + 25, 1)).toEqual([jobId(4)]);
    expect(await store.removeFinished(T0 + 25, 10)).toEqual([jobId(1)]);
    expect(await store.removeFinished(T0 + 25, 10)).toEqual([]);
    expect(await store.history(jobId(4), 0)).toBeUndefined();
    expect((await store.list({ limit: 10 })).map((r) => r.id)).toEqual([jobId(5), jobId(3), jobId(2)]);
  });

  it('lists processing jobs due for timeout in start order', async () => {
    const store = createMemoryJobStore();
    for (let n = 1; n <= 4; n++) await insert(store, n);
    for (const [n, at] of [
      [3, 5],
      [1, 10],
      [4, 50],
    ] as const)
      await store.update(jobId(n), (r) => startJob(r, T0 + at));
    await finish(store, jobId(1), T0 + 11);
    expect((await store.processingStartedBefore(T0 + 20)).map((r: JobRecord) => r.id)).toEqual([jobId(3)]);
  });

  it('evicts the oldest finished job when full, and refuses when none is finished', async () => {
    const store = createMemoryJobStore();
    await insert(store, 1, T0, 2);
    await insert(store, 2, T0, 2);
    await expect(insert(store, 3, T0, 2)).rejects.toMatchObject({ code: 'CAPACITY_EXCEEDED' });
    await finish(store, jobId(2), T0 + 1);
    const outcome = await store.insert(newJob(jobId(3), 'fragmento', fragmentMetadata(3), T0), 2);
    expect(outcome.evictedId).toBe(jobId(2));
    expect((await store.counts()).total).toBe(2);
  });

  it('trims histories of jobs finished long enough ago, and only those', async () => {
    const store = createMemoryJobStore();
    await insert(store, 1);
    await insert(store, 2);
    await finish(store, jobId(1), T0 + 10);
    await finish(store, jobId(2), T0 + 20);
    expect(await store.trimHistories(T0 + 15)).toBe(1);
    expect(await store.history(jobId(1), 0)).toBeUndefined();
    expect((await store.history(jobId(2), 0))!.map((r) => r.seq)).toEqual([1, 3]);
    expect(await store.get(jobId(1))).toBeDefined();
  });

  it('keeps the history of a job that took the place of one removed before its history was trimmed', async () => {
    const store = createMemoryJobStore();
    await insert(store, 1, T0, 1);
    await finish(store, jobId(1), T0 + 10);
    // The cap removes job 1, history and all, and job 2 is stored where job 1 was.
    expect((await store.insert(newJob(jobId(2), 'fragmento', fragmentMetadata(2), T0 + 11), 1)).evictedId).toBe(
      jobId(1),
    );
    expect(await store.history(jobId(1), 0)).toBeUndefined();
    // Job 1's turn to be trimmed comes while job 2 is pending, then after it finished too late.
    expect(await store.trimHistories(T0 + 15)).toBe(0);
    await finish(store, jobId(2), T0 + 30);
    expect(await store.trimHistories(T0 + 25)).toBe(0);
    expect((await store.history(jobId(2), 0))!.map((r) => r.seq)).toEqual([1, 3]);
    expect(await store.trimHistories(T0 + 30)).toBe(1);
    expect(await store.history(jobId(2), 0)).toBeUndefined();
  });

  it("trims a history once, even when a job that took a removed job's place is due as well", async () => {
    const store = createMemoryJobStore();
    await insert(store, 1, T0, 1);
    await finish(store, jobId(1), T0 + 10);
    await store.insert(newJob(jobId(2), 'fragmento', fragmentMetadata(2), T0 + 11), 1);
    await finish(store, jobId(2), T0 + 12);
    expect(await store.trimHistories(T0 + 20)).toBe(1);
    expect(await store.history(jobId(2), 0)).toBeUndefined();
    expect(await store.get(jobId(2))).toBeDefined();
  });

  it('refuses a second job with the same id', async () => {
    const store = createMemoryJobStore();
    await insert(store, 1);
    await expect(insert(store, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
