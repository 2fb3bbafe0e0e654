import { describe, expect, it } from 'vitest';
import type { JobTracker } from '../../src/index.ts';
import { expectTrackerError, fragmentJob, jobIn, type Setup } from './harness.ts';

async function createMany(tracker: JobTracker, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await tracker.create(fragmentJob(i))).job_id);
  return ids;
}

async function listAll(tracker: JobTracker, options: { status?: 'pending' | 'completed'; limit?: number } = {}) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await tracker.list({ ...options, cursor });
    ids.push(...page.items.map((s) => s.job_id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

export function listAndStatsSuite(setup: Setup): void {
  describe('list', () => {
    it('lists newest first, 50 by default, at most 500 a page', async () => {
      const { tracker, clock } = await setup();
      const ids: string[] = [];
      for (let i = 0; i < 520; i++) {
        ids.push((await tracker.create(fragmentJob(i))).job_id);
        clock.advance(1);
      }
      const first = await tracker.list();
      expect(first.items.map((s) => s.job_id)).toEqual(ids.slice(-50).reverse());
      expect(first.nextCursor).toEqual(expect.any(String));
      expect((await tracker.list({ limit: 10_000 })).items).toHaveLength(500);
      expect((await tracker.list({ limit: 0 })).items).toHaveLength(1);
    });

    it('filters by status', async () => {
      const { tracker } = await setup();
      const done = [await jobIn(tracker, 'completed', 1), await jobIn(tracker, 'completed', 2)];
      await jobIn(tracker, 'pending', 3);
      await jobIn(tracker, 'failed', 4);
      const page = await tracker.list({ status: 'completed' });
      expect(page.items.map((s) => s.job_id)).toEqual(done.reverse());
      expect(page.items.every((s) => s.status === 'completed')).toBe(true);
      expect(page.nextCursor).toBeNull();
    });

    it('pages through every job exactly once, even while jobs are created', async () => {
      const { tracker } = await setup();
      const ids = await createMany(tracker, 23);
      const seen: string[] = [];
      let page = await tracker.list({ limit: 5 });
      while (true) {
        seen.push(...page.items.map((s) => s.job_id));
        await tracker.create(fragmentJob(99)); // newer than the first page: never listed here
        if (!page.nextCursor) break;
        page = await tracker.list({ limit: 5, cursor: page.nextCursor });
      }
      expect(seen).toEqual([...ids].reverse());
    });

    it('pages a status filter with the cursor', async () => {
      const { tracker } = await setup();
      const completed: string[] = [];
      for (let i = 0; i < 7; i++) {
        completed.push(await jobIn(tracker, 'completed', i));
        await jobIn(tracker, 'pending', 100 + i);
      }
      expect(await listAll(tracker, { status: 'completed', limit: 3 })).toEqual(completed.reverse());
    });

    it('gives no cursor when the last page is exactly full', async () => {
      const { tracker } = await setup();
      await createMany(tracker, 4);
      expect((await tracker.list({ limit: 4 })).nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue', async () => {
      const { tracker } = await setup();
      await createMany(tracker, 2);
      await expectTrackerError(tracker.list({ cursor: 'not-a-cursor' }), 'INVALID_ARGUMENT');
    });
  });

  describe('stats', () => {
    it('counts per status, ages and limits', async () => {
      const { tracker, clock } = await setup({ maxStored: 50, retentionMs: 120_000, timeoutMs: 30_000 });
      expect(await tracker.stats()).toEqual({
        counts: { pending: 0, processing: 0, completed: 0, failed: 0 },
        total: 0,
        oldestAgeMs: null,
        newestAgeMs: null,
        limits: { maxStored: 50, retentionMs: 120_000, timeoutMs: 30_000, sweepIntervalMs: Infinity },
      });
      await jobIn(tracker, 'pending', 1);
      clock.advance(1000);
      await jobIn(tracker, 'processing', 2);
      await jobIn(tracker, 'completed', 3);
      clock.advance(500);
      await jobIn(tracker, 'failed', 4);
      clock.advance(250);
      const stats = await tracker.stats();
      expect(stats.counts).toEqual({ pending: 1, processing: 1, completed: 1, failed: 1 });
      expect(stats.total).toBe(4);
      expect(stats.oldestAgeMs).toBe(1750);
      expect(stats.newestAgeMs).toBe(250);
    });

    it('fills in the default limits', async () => {
      const { tracker } = await setup({ sweepIntervalMs: undefined });
      expect((await tracker.stats()).limits).toEqual({
        retentionMs: 3_600_000,
        maxStored: 10_000,
        timeoutMs: 600_000,
        sweepIntervalMs: 60_000,
      });
    });
  });
}
