import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJobRunner, JobTimeoutError, ServiceUnavailableError } from '../src/index.ts';
import { deferred, type Deferred } from './support/fake-pipeline.ts';

const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('createJobRunner', () => {
  it('runs at most `concurrency` tasks at once, the rest in FIFO order', async () => {
    const runner = createJobRunner({ concurrency: 2, queueMax: 10, timeoutMs: HOUR });
    const gates: Deferred[] = [];
    const started: number[] = [];
    const results = [0, 1, 2, 3, 4].map((i) => {
      const gate = deferred();
      gates.push(gate);
      return runner.reserve().run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      });
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(runner.stats()).toMatchObject({ running: 2, queued: 3 });

    gates[1]!.resolve();
    await results[1];
    await vi.waitFor(() => expect(started).toEqual([0, 1, 2]));
    gates[0]!.resolve();
    gates[2]!.resolve();
    await vi.waitFor(() => expect(started).toEqual([0, 1, 2, 3, 4]));
    gates[3]!.resolve();
    gates[4]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(runner.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses beyond concurrency + queueMax with a retry estimate, and never drops accepted work', async () => {
    const runner = createJobRunner({ concurrency: 1, queueMax: 2, timeoutMs: HOUR });
    const gate = deferred();
    const accepted = [1, 2, 3].map((i) =>
      runner.reserve().run(async () => {
        await gate.promise;
        return i;
      }),
    );
    let refused: unknown;
    try {
      runner.reserve();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'queue_full' });
    expect((refused as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThanOrEqual(1);

    gate.resolve();
    expect(await Promise.all(accepted)).toEqual([1, 2, 3]);
    // Room again once the work is done.
    expect(await runner.reserve().run(async () => 'again')).toBe('again');
  });

  it('counts reservations as queued, and release gives the place back', () => {
    const runner = createJobRunner({ concurrency: 1, queueMax: 0, timeoutMs: HOUR });
    const ticket = runner.reserve();
    expect(() => runner.reserve()).toThrow(ServiceUnavailableError);
    ticket.release();
    expect(() => runner.reserve().release()).not.toThrow();
    expect(() => ticket.release()).toThrow(/twice/);
  });

  it('aborts a task that runs past the timeout, even one that ignores its signal, and frees the slot', async () => {
    vi.useFakeTimers();
    const runner = createJobRunner({ concurrency: 1, queueMax: 1, timeoutMs: 5_000 });
    let seen: AbortSignal | undefined;
    const stuck = runner.reserve().run(async (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    });
    const next = runner.reserve().run(async () => 'next');
    const stuckResult = stuck.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(4_999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen?.aborted).toBe(true);
    expect(await stuckResult).toBeInstanceOf(JobTimeoutError);
    expect(await next).toBe('next');
  });

  it('stop cancels queued tasks and refuses new ones; running tasks go on; abortRunning ends them', async () => {
    const runner = createJobRunner({ concurrency: 1, queueMax: 5, timeoutMs: HOUR });
    const gate = deferred();
    const running = runner.reserve().run(async (signal) => {
      await Promise.race([
        gate.promise,
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
      ]);
      return 'finished';
    });
    const queued = runner.reserve().run(async () => 'never');
    const reservedBeforeStop = runner.reserve();
    const reason = new Error('stopping');

    runner.stop(reason);
    await expect(queued).rejects.toBe(reason);
    await expect(reservedBeforeStop.run(async () => 'never')).rejects.toBe(reason);
    expect(() => runner.reserve()).toThrow(expect.objectContaining({ reason: 'shutting_down' }));
    expect(runner.stats()).toMatchObject({ running: 1, queued: 0, accepting: false });

    const idle = runner.whenIdle();
    runner.abortRunning(reason);
    await expect(running).rejects.toBe(reason);
    await idle;
    expect(runner.stats().running).toBe(0);
  });

  it('rejects invalid sizes', () => {
    expect(() => createJobRunner({ concurrency: 0, queueMax: 1, timeoutMs: 1 })).toThrow(RangeError);
    expect(() => createJobRunner({ concurrency: 1, queueMax: -1, timeoutMs: 1 })).toThrow(RangeError);
  });
});
