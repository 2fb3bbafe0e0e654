import { describe, expect, it } from 'vitest';
import { expectTrackerError, fragmentJob, jobIn, resultSummary, type Setup } from './harness.ts';

const MINUTE = 60_000;

export function retentionAndCapSuite(setup: Setup): void {
  describe('retention', () => {
    it('removes a finished job once its retention has passed, not before', async () => {
      const { tracker, clock } = await setup({ retentionMs: 10 * MINUTE });
      const completed = await jobIn(tracker, 'completed', 1);
      clock.advance(2 * MINUTE);
      const failed = await jobIn(tracker, 'failed', 2);
      const pending = await jobIn(tracker, 'pending', 3);
      clock.advance(8 * MINUTE - 1);
      expect(await tracker.sweep()).toBe(0);
      clock.advance(1);
      expect(await tracker.sweep()).toBe(1);
      expect(await tracker.get(completed)).toBeUndefined();
      expect(await tracker.get(failed)).toBeDefined();
      clock.advance(2 * MINUTE);
      expect(await tracker.sweep()).toBe(1);
      expect(await tracker.get(failed)).toBeUndefined();
      clock.advance(600 * MINUTE);
      expect(await tracker.sweep()).toBe(0);
      expect(await tracker.get(pending)).toBeDefined();
      const stats = await tracker.stats();
      expect(stats.total).toBe(1);
      expect(stats.counts).toEqual({ pending: 1, processing: 0, completed: 0, failed: 0 });
      expect((await tracker.list()).items.map((s) => s.job_id)).toEqual([pending]);
    });

    it('counts retention from when a job finished, not from when it was created', async () => {
      const { tracker, clock } = await setup({ retentionMs: 10 * MINUTE, timeoutMs: Infinity });
      const id = await jobIn(tracker, 'processing');
      clock.advance(30 * MINUTE);
      await tracker.complete(id, resultSummary());
      clock.advance(9 * MINUTE);
      expect(await tracker.sweep()).toBe(0);
      clock.advance(MINUTE);
      expect(await tracker.sweep()).toBe(1);
    });
  });

  describe('timeouts', () => {
    it('fails a job still processing after its timeout, naming the phase it was in', async () => {
      const { tracker, clock } = await setup({ timeoutMs: 30_000, retentionMs: 10 * MINUTE });
      const stuck = await jobIn(tracker, 'processing', 1);
      await tracker.progress(stuck, { percentage: 40, message: 'Fase 2', phase: 'extraccion' });
      const waiting = await jobIn(tracker, 'pending', 2);
      clock.advance(10_000);
      const younger = await jobIn(tracker, 'processing', 3);
      const events = tracker.subscribe(stuck)[Symbol.asyncIterator]();
      expect((await events.next()).value?.snapshot.status).toBe('processing');
      clock.advance(20_000);
      expect(await tracker.sweep()).toBe(0);
      const failed = (await tracker.get(stuck))!;
      expect(failed.status).toBe('failed');
      expect(failed.progress.percentage).toBe(40);
      expect(failed.error).toEqual({
        tipo: 'timeout',
        mensaje: 'El procesamiento superó el tiempo máximo de 30 segundos',
        fase: 'extraccion',
        timestamp: new Date(clock.now()).toISOString(),
      });
      expect((await tracker.get(waiting))!.status).toBe('pending');
      expect((await tracker.get(younger))!.status).toBe('processing');
      expect((await events.next()).value).toMatchObject({ seq: 4, snapshot: { status: 'failed' } });
      expect((await events.next()).done).toBe(true);
      expect(tracker.listenerCount()).toBe(0);
      await expectTrackerError(tracker.complete(stuck, resultSummary()), 'INVALID_TRANSITION');
      clock.advance(10 * MINUTE);
      expect(await tracker.sweep()).toBe(1);
      expect(await tracker.get(stuck)).toBeUndefined();
    });

    it('gives fase null when the job timed out before any phase', async () => {
      const { tracker, clock } = await setup({ timeoutMs: 1000 });
      const id = await jobIn(tracker, 'processing');
      clock.advance(1000);
      await tracker.sweep();
      expect((await tracker.get(id))!.error).toMatchObject({ tipo: 'timeout', fase: null });
    });
  });

  describe('cap', () => {
    it('makes room by removing the job that finished first', async () => {
      const { tracker, clock } = await setup({ maxStored: 3 });
      const a = await jobIn(tracker, 'processing', 1);
      const b = await jobIn(tracker, 'processing', 2);
      const c = await jobIn(tracker, 'pending', 3);
      await tracker.complete(b, resultSummary());
      clock.advance(1);
      await tracker.complete(a, resultSummary());
      const d = (await tracker.create(fragmentJob(4))).job_id;
      expect(await tracker.get(b)).toBeUndefined();
      expect(await tracker.get(a)).toBeDefined();
      const e = (await tracker.create(fragmentJob(5))).job_id;
      expect(await tracker.get(a)).toBeUndefined();
      expect((await tracker.stats()).total).toBe(3);
      expect((await tracker.list()).items.map((s) => s.job_id)).toEqual([e, d, c]);
    });

    it('refuses to create when every stored job is unfinished', async () => {
      const { tracker } = await setup({ maxStored: 2 });
      const first = await jobIn(tracker, 'processing', 1);
      await jobIn(tracker, 'pending', 2);
      await expectTrackerError(tracker.create(fragmentJob(3)), 'CAPACITY_EXCEEDED');
      expect((await tracker.stats()).total).toBe(2);
      await tracker.complete(first, resultSummary());
      await tracker.create(fragmentJob(4));
      expect(await tracker.get(first)).toBeUndefined();
    });
  });
}
