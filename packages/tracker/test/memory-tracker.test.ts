import { getEventListeners, setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createJobTracker,
  createMemoryEventFeed,
  createMemoryJobStore,
  createMemoryJobTracker,
  type JobTracker,
  type MemoryJobTrackerOptions,
} from '../src/index.ts';
import { collect, createManualClock, fragmentJob, jobIn, resultSummary, T0 } from './conformance/harness.ts';
import { runTrackerConformance } from './conformance/tracker-conformance.ts';

runTrackerConformance('memory', ({ clock, limits }) => createMemoryJobTracker({ clock, limits }));

describe('memory tracker specifics', () => {
  const open: JobTracker[] = [];
  const make = (options: MemoryJobTrackerOptions = {}) => {
    const clock = createManualClock();
    const tracker = createMemoryJobTracker({ clock, limits: { sweepIntervalMs: Infinity }, ...options });
    open.push(tracker);
    return { tracker, clock };
  };
  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    await Promise.all(open.splice(0).map((t) => t.close()));
  });

  it('keeps a finished job history for the grace period, then only its final state', async () => {
    const { tracker, clock } = make({ historyGraceMs: 60_000 });
    const id = await jobIn(tracker, 'processing');
    await tracker.progress(id, { percentage: 50, message: 'm' });
    await tracker.complete(id, resultSummary());
    clock.advance(59_999);
    await tracker.sweep();
    expect((await collect(tracker.subscribe(id, { afterSeq: 1 }))).map((e) => e.seq)).toEqual([2, 3, 4]);
    clock.advance(1);
    await tracker.sweep();
    expect((await collect(tracker.subscribe(id, { afterSeq: 1 }))).map((e) => e.seq)).toEqual([4]);
    expect((await tracker.get(id))!.status).toBe('completed');
  });

  it('keeps at most maxHistoryPerJob versions for replay', async () => {
    const { tracker } = make({ maxHistoryPerJob: 3 });
    const id = await jobIn(tracker, 'processing');
    for (let p = 10; p <= 50; p += 10) await tracker.progress(id, { percentage: p, message: 'm' });
    expect((await collect(tracker.subscribe(id, { afterSeq: 0 }), 3)).map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('returns the same snapshot object until the job changes', async () => {
    const { tracker } = make();
    const id = await jobIn(tracker, 'processing');
    const first = await tracker.get(id);
    expect(await tracker.get(id)).toBe(first);
    await tracker.progress(id, { percentage: 30, message: 'm' });
    const second = await tracker.get(id);
    expect(second).not.toBe(first);
    expect(await tracker.get(id)).toBe(second);
  });

  it('collapses a slow subscriber to the latest events, never losing the terminal one', async () => {
    const { tracker } = make({ subscriberQueueLimit: 4 });
    const id = await jobIn(tracker, 'processing');
    const events = tracker.subscribe(id)[Symbol.asyncIterator]();
    expect((await events.next()).value!.seq).toBe(2);
    for (let p = 1; p <= 30; p++) await tracker.progress(id, { percentage: p, message: 'm' });
    await tracker.complete(id, resultSummary());
    const rest = await collect({ [Symbol.asyncIterator]: () => events });
    expect(rest.length).toBeLessThanOrEqual(5);
    expect(rest.at(-1)).toMatchObject({ seq: 33, snapshot: { status: 'completed' } });
    expect(rest.map((e) => e.seq)).toEqual([...rest.map((e) => e.seq)].sort((a, b) => a - b));
    expect(tracker.listenerCount()).toBe(0);
  });

  it('carries 10,000 subscribers and lets them all go on one abort', async () => {
    const { tracker } = make();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await jobIn(tracker, 'processing', i));
    const controller = new AbortController();
    // One signal for all 10,100 subscribers is the point of the test, not a leak.
    setMaxListeners(20_000, controller.signal);
    const streams = [];
    for (let i = 0; i < 10_000; i++) {
      const stream = tracker.subscribe(ids[i % 100]!, { signal: controller.signal })[Symbol.asyncIterator]();
      await stream.next();
      streams.push(stream);
    }
    const everyJob = Array.from({ length: 100 }, () =>
      tracker.subscribeAll({ signal: controller.signal })[Symbol.asyncIterator](),
    );
    const firstOfEach = everyJob.map((s) => s.next());
    expect(tracker.listenerCount()).toBe(10_100);
    await tracker.progress(ids[0]!, { percentage: 10, message: 'm' });
    for (let i = 0; i < 10_000; i += 100) expect((await streams[i]!.next()).value!.seq).toBe(3);
    for (const first of firstOfEach) expect((await first).value!.snapshot.job_id).toBe(ids[0]);
    controller.abort();
    expect(tracker.listenerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sweeps on an unref-ed timer that stops on close', async () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const tracker = createMemoryJobTracker({ limits: { sweepIntervalMs: 1000 } });
    open.push(tracker);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(spy.mock.calls[0]![1]).toBe(1000);
    expect(timer.hasRef()).toBe(false);
  });

  it('runs the sweep every sweepIntervalMs, and no more after close', async () => {
    vi.useFakeTimers({ now: T0 });
    const tracker = createMemoryJobTracker({ limits: { sweepIntervalMs: 1000, retentionMs: 500 } });
    open.push(tracker);
    expect(vi.getTimerCount()).toBe(1);
    const id = await jobIn(tracker, 'completed');
    await vi.advanceTimersByTimeAsync(999);
    expect(await tracker.get(id)).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await tracker.get(id)).toBeUndefined();
    await tracker.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a failed timed sweep to onSweepError', async () => {
    vi.useFakeTimers({ now: T0 });
    const store = createMemoryJobStore();
    const onSweepError = vi.fn();
    const tracker = createJobTracker({
      store: { ...store, removeFinished: () => Promise.reject(new Error('disk on fire')) },
      feed: createMemoryEventFeed(),
      limits: { sweepIntervalMs: 1000 },
      onSweepError,
    });
    open.push(tracker);
    await tracker.create(fragmentJob());
    await vi.advanceTimersByTimeAsync(1000);
    expect(onSweepError).toHaveBeenCalledWith(new Error('disk on fire'));
  });

  it('removes a large backlog in chunks, letting other work run in between', async () => {
    const { tracker } = make({ sweepChunkSize: 2, limits: { sweepIntervalMs: Infinity, retentionMs: 0 } });
    for (let n = 0; n < 5; n++) await jobIn(tracker, 'completed', n);
    let ranDuringSweep = false;
    const sweeping = tracker.sweep();
    setImmediate(() => (ranDuringSweep = true));
    expect(await sweeping).toBe(5);
    expect(ranDuringSweep).toBe(true);
    expect((await tracker.stats()).total).toBe(0);
  });

  it('refuses invalid limits at construction', () => {
    expect(() => createMemoryJobTracker({ limits: { maxStored: 0 } })).toThrow(RangeError);
    expect(() => createMemoryJobTracker({ limits: { retentionMs: -1 } })).toThrow(RangeError);
    expect(() => createMemoryJobTracker({ limits: { timeoutMs: 0 } })).toThrow(RangeError);
  });
});
