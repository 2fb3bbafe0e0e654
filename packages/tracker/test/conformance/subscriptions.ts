import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@noticias/contract';
import { collect, expectTrackerError, fragmentJob, jobId, jobIn, resultSummary, type Setup } from './harness.ts';

const statuses = (events: JobEvent[]) => events.map((e) => e.snapshot.status);
const seqs = (events: JobEvent[]) => events.map((e) => e.seq);
const phase = (percentage: number) => ({ percentage, message: `al ${percentage}%` });

export function subscriptionsSuite(setup: Setup): void {
  describe('subscribe', () => {
    it('yields the current snapshot, then each change, and ends after the terminal one', async () => {
      const { tracker } = await setup();
      const { job_id: id } = await tracker.create(fragmentJob());
      const events = tracker.subscribe(id)[Symbol.asyncIterator]();
      expect(await events.next()).toEqual({ done: false, value: { seq: 1, snapshot: await tracker.get(id) } });
      expect(tracker.listenerCount()).toBe(1);
      const next = events.next();
      await tracker.start(id);
      expect((await next).value).toMatchObject({ seq: 2, snapshot: { status: 'processing' } });
      await tracker.progress(id, phase(25));
      await tracker.complete(id, resultSummary());
      const rest = await collect({ [Symbol.asyncIterator]: () => events });
      expect(seqs(rest)).toEqual([3, 4]);
      expect(rest.at(-1)!.snapshot).toEqual(await tracker.get(id));
      expect(tracker.listenerCount()).toBe(0);
    });

    it('replays exactly the events after afterSeq, then goes live', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      for (const p of [25, 50, 75]) await tracker.progress(id, phase(p));
      const events = tracker.subscribe(id, { afterSeq: 3 })[Symbol.asyncIterator]();
      expect((await events.next()).value!.seq).toBe(4);
      expect((await events.next()).value!.seq).toBe(5);
      const live = events.next();
      await tracker.complete(id, resultSummary());
      expect((await live).value).toMatchObject({ seq: 6, snapshot: { status: 'completed' } });
      expect((await events.next()).done).toBe(true);
    });

    it('replays the whole history from afterSeq 0', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'completed');
      const events = await collect(tracker.subscribe(id, { afterSeq: 0 }));
      expect(seqs(events)).toEqual([1, 2, 3]);
      expect(statuses(events)).toEqual(['pending', 'processing', 'completed']);
    });

    it('delivers the final state of a job that finished while the subscriber was away', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const first = await collect(tracker.subscribe(id), 1);
      const lastSeen = first[0]!.seq;
      await tracker.progress(id, phase(50));
      await tracker.fail(id, { tipo: 'x', mensaje: 'y', fase: 'extraccion' });
      const resumed = await collect(tracker.subscribe(id, { afterSeq: lastSeen }));
      expect(seqs(resumed)).toEqual([lastSeen + 1, lastSeen + 2]);
      expect(resumed.at(-1)!.snapshot.status).toBe('failed');
      expect(await collect(tracker.subscribe(id, { afterSeq: lastSeen + 2 }))).toEqual([]);
      expect(tracker.listenerCount()).toBe(0);
    });

    it('waits for changes when the subscriber is up to date on an unfinished job', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const events = tracker.subscribe(id, { afterSeq: 2 })[Symbol.asyncIterator]();
      const next = events.next();
      await tracker.progress(id, phase(10));
      expect((await next).value!.seq).toBe(3);
      await events.return!();
    });

    it('sees every change in order when mutations are not awaited one by one', async () => {
      const { tracker } = await setup();
      const { job_id: id } = await tracker.create(fragmentJob());
      const events = tracker.subscribe(id)[Symbol.asyncIterator]();
      await events.next();
      await Promise.all([
        tracker.start(id),
        tracker.progress(id, phase(20)),
        tracker.progress(id, phase(40)),
        tracker.progress(id, phase(60)),
        tracker.complete(id, resultSummary()),
      ]);
      const rest = await collect({ [Symbol.asyncIterator]: () => events });
      expect(seqs(rest)).toEqual([2, 3, 4, 5, 6]);
      expect(rest.map((e) => e.snapshot.progress.percentage)).toEqual([0, 20, 40, 60, 100]);
    });

    it('rejects on the first next() for an unknown id, leaving no listener', async () => {
      const { tracker } = await setup();
      const events = tracker.subscribe(jobId(404))[Symbol.asyncIterator]();
      await expectTrackerError(events.next(), 'JOB_NOT_FOUND');
      expect(tracker.listenerCount()).toBe(0);
      expect((await events.next()).done).toBe(true);
    });

    it('refuses a negative afterSeq', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'pending');
      await expectTrackerError(
        tracker.subscribe(id, { afterSeq: -1 })[Symbol.asyncIterator]().next(),
        'INVALID_ARGUMENT',
      );
    });

    it('leaves no listener after break', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      for await (const event of tracker.subscribe(id)) {
        expect(event.seq).toBe(2);
        expect(tracker.listenerCount()).toBe(1);
        break;
      }
      expect(tracker.listenerCount()).toBe(0);
    });

    it('ends when the signal aborts, removing the subscriber and its abort listener', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const controller = new AbortController();
      const events = tracker.subscribe(id, { signal: controller.signal })[Symbol.asyncIterator]();
      await events.next();
      const waiting = events.next();
      expect(tracker.listenerCount()).toBe(1);
      controller.abort();
      expect(await waiting).toEqual({ done: true, value: undefined });
      expect(tracker.listenerCount()).toBe(0);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('yields nothing for an already aborted signal', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      expect(await collect(tracker.subscribe(id, { signal: AbortSignal.abort() }))).toEqual([]);
      expect(tracker.listenerCount()).toBe(0);
    });

    it('return() while a next() waits ends both at once', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const events = tracker.subscribe(id)[Symbol.asyncIterator]();
      await events.next();
      const waiting = events.next();
      await events.return!();
      expect(await waiting).toEqual({ done: true, value: undefined });
      expect(tracker.listenerCount()).toBe(0);
    });

    it('drops the listener of a job once it ends, even before it is read', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const subscribers = Array.from({ length: 50 }, () => tracker.subscribe(id)[Symbol.asyncIterator]());
      for (const s of subscribers) await s.next();
      expect(tracker.listenerCount()).toBe(50);
      await tracker.complete(id, resultSummary());
      expect(tracker.listenerCount()).toBe(0);
      for (const s of subscribers) {
        expect((await s.next()).value!.snapshot.status).toBe('completed');
        expect((await s.next()).done).toBe(true);
      }
    });
  });

  describe('subscribeAll', () => {
    it('yields every change of every job, each job in order', async () => {
      const { tracker } = await setup();
      const controller = new AbortController();
      const all = tracker.subscribeAll({ signal: controller.signal })[Symbol.asyncIterator]();
      const first = all.next(); // starts the subscription
      const a = await jobIn(tracker, 'completed', 1);
      const b = await jobIn(tracker, 'failed', 2);
      const events = [(await first).value!];
      for (let i = 0; i < 4; i++) events.push((await all.next()).value);
      const of = (id: string) => events.filter((e) => e.snapshot.job_id === id);
      expect(seqs(of(a))).toEqual([1, 2, 3]);
      expect(seqs(of(b))).toEqual([1, 2]);
      controller.abort();
      expect((await all.next()).done).toBe(true);
      expect(tracker.listenerCount()).toBe(0);
    });

    it('filters by status', async () => {
      const { tracker } = await setup();
      const all = tracker.subscribeAll({ status: 'completed' })[Symbol.asyncIterator]();
      const first = all.next();
      await jobIn(tracker, 'failed', 1);
      const done = await jobIn(tracker, 'completed', 2);
      expect((await first).value).toMatchObject({ seq: 3, snapshot: { job_id: done, status: 'completed' } });
      await all.return!();
      expect(tracker.listenerCount()).toBe(0);
    });
  });

  describe('close', () => {
    it('ends every subscription and refuses further changes', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const one = tracker.subscribe(id)[Symbol.asyncIterator]();
      await one.next();
      const all = tracker.subscribeAll()[Symbol.asyncIterator]();
      const waitingAll = all.next();
      const waitingOne = one.next();
      await tracker.close();
      expect(await waitingOne).toEqual({ done: true, value: undefined });
      expect(await waitingAll).toEqual({ done: true, value: undefined });
      expect(tracker.listenerCount()).toBe(0);
      await expectTrackerError(tracker.create(fragmentJob()), 'TRACKER_CLOSED');
      await expectTrackerError(tracker.start(id), 'TRACKER_CLOSED');
      await expectTrackerError(tracker.sweep(), 'TRACKER_CLOSED');
      await expectTrackerError(tracker.subscribe(id)[Symbol.asyncIterator]().next(), 'TRACKER_CLOSED');
      await tracker.close();
    });
  });
}
