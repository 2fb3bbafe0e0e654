import type { JobEvent } from '@noticias/contract';
import { describe, expect, it } from 'vitest';
import type { JobTracker } from '../../src/index.ts';
import { expectTrackerError, fragmentJob, resultSummary, type Setup } from './harness.ts';

async function owned(tracker: JobTracker, owner: string | null, n = 1): Promise<string> {
  return (await tracker.create({ ...fragmentJob(n), owner })).job_id;
}

async function listAll(
  tracker: JobTracker,
  options: { owner?: string; status?: 'pending' | 'completed'; limit?: number },
) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await tracker.list({ ...options, cursor });
    ids.push(...page.items.map((s) => s.job_id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Jobs carry who submitted them (`CreateJobInput.owner`), and every read filtered by an owner
 * treats another owner's jobs, and jobs without one, as absent.
 */
export function ownershipSuite(setup: Setup): void {
  describe('ownership', () => {
    it('get, list and stats filtered by owner see that owner’s jobs only', async () => {
      const { tracker, clock } = await setup();
      const alice = [await owned(tracker, 'alice', 1)];
      clock.advance(1);
      const bob = await owned(tracker, 'bob', 2);
      clock.advance(1);
      const nobody = await owned(tracker, null, 3);
      for (let i = 0; i < 4; i++) {
        clock.advance(1);
        alice.push(await owned(tracker, 'alice', 10 + i));
      }
      await tracker.start(alice[0]!);
      await tracker.complete(alice[0]!, resultSummary());

      expect((await tracker.get(alice[0]!, { owner: 'alice' }))?.job_id).toBe(alice[0]);
      expect(await tracker.get(alice[0]!, { owner: 'bob' })).toBeUndefined();
      expect(await tracker.get(nobody, { owner: 'alice' })).toBeUndefined();
      expect((await tracker.get(bob))?.job_id).toBe(bob);

      expect(await listAll(tracker, { owner: 'alice', limit: 2 })).toEqual([...alice].reverse());
      expect(await listAll(tracker, { owner: 'alice', status: 'completed' })).toEqual([alice[0]]);
      expect(await listAll(tracker, { owner: 'bob' })).toEqual([bob]);
      expect(await listAll(tracker, { owner: 'carol' })).toEqual([]);
      expect(await listAll(tracker, {})).toHaveLength(7);

      const stats = await tracker.stats({ owner: 'alice' });
      expect(stats.total).toBe(5);
      expect(stats.counts).toEqual({ pending: 4, processing: 0, completed: 1, failed: 0 });
      expect(stats.oldestAgeMs).toBe(6);
      expect(stats.newestAgeMs).toBe(0);
      expect(await tracker.stats({ owner: 'carol' })).toMatchObject({ total: 0, oldestAgeMs: null, newestAgeMs: null });
      expect((await tracker.stats()).total).toBe(7);
    });

    it('an owner’s counts and list follow removals (here by the cap)', async () => {
      const { tracker } = await setup({ maxStored: 2 });
      const first = await owned(tracker, 'alice', 1);
      await tracker.start(first);
      await tracker.complete(first, resultSummary());
      await owned(tracker, 'bob', 2);
      // The store is full: alice's finished job makes room.
      await owned(tracker, 'bob', 3);
      expect((await tracker.stats({ owner: 'alice' })).total).toBe(0);
      expect(await listAll(tracker, { owner: 'alice' })).toEqual([]);
      expect((await tracker.stats({ owner: 'bob' })).counts.pending).toBe(2);
    });

    it('subscribe with another owner rejects JOB_NOT_FOUND; subscribeAll by owner gets that owner’s events only', async () => {
      const { tracker } = await setup();
      const id = await owned(tracker, 'alice');
      await expectTrackerError(tracker.subscribe(id, { owner: 'bob' })[Symbol.asyncIterator]().next(), 'JOB_NOT_FOUND');
      const own = await tracker.subscribe(id, { owner: 'alice' })[Symbol.asyncIterator]().next();
      expect(own.value?.snapshot.job_id).toBe(id);

      const abort = new AbortController();
      const seen: JobEvent[] = [];
      const stream = tracker.subscribeAll({ owner: 'bob', signal: abort.signal })[Symbol.asyncIterator]();
      const first = stream.next();
      await tracker.start(id);
      const bobs = await owned(tracker, 'bob', 2);
      const result = await first;
      if (!result.done) seen.push(result.value);
      abort.abort();
      expect(seen.map((event) => event.snapshot.job_id)).toEqual([bobs]);
    });
  });
}
