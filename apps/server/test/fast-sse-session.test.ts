import { appRouter, createCallerFactory, createJobRunner, createJobService, createSilentLogger } from '@noticias/api';
import { createMemoryJobTracker } from '@noticias/tracker';
import { tracked, TRPCError } from '@trpc/server';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseSettings } from '../src/fast-trpc/router-view.ts';
import { SseSession, type SseSink, type SseSource } from '../src/fast-trpc/sse-session.ts';
import { makeJob, summary } from './support/fast-pair.ts';

// The SSE session on its own: frames against tRPC's own producer, and what happens to a
// client that stops reading.

class FakeSink implements SseSink {
  chunks: string[] = [];
  ended = false;
  /** Reports the client behind once this many chunks were written. */
  behindAt = Infinity;
  behind = false;
  #release: (() => void) | null = null;
  #onClose: (() => void) | null = null;

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    if (this.chunks.length >= this.behindAt) this.behind = true;
    return !this.behind;
  }
  whenWritable(): Promise<void> {
    return new Promise((resolve) => {
      this.#release = resolve;
    });
  }
  /** The client catches up. */
  drain(): void {
    this.behind = false;
    this.behindAt = Infinity;
    this.#release?.();
  }
  end(): void {
    this.ended = true;
  }
  onClose(listener: () => void): void {
    this.#onClose = listener;
  }
  disconnect(): void {
    this.#onClose?.();
    this.#release?.();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const settings = (overrides: Partial<SseSettings> = {}): SseSettings => ({ connectedData: '{}', pingMs: null, maxDurationMs: null, ...overrides });

function session(sink: SseSink, overrides: { settings?: SseSettings; lastEventId?: string | null; abort?: AbortController } = {}) {
  return new SseSession(sink, {
    settings: overrides.settings ?? settings(),
    lastEventId: overrides.lastEventId ?? null,
    dataJson: (value) => JSON.stringify(superjson.serialize(value)),
    errorJson: (cause) => JSON.stringify(superjson.serialize({ message: cause instanceof Error ? cause.message : String(cause) })),
    abort: overrides.abort ?? new AbortController(),
  });
}

async function producerText(values: () => AsyncIterable<unknown>, lastEventId: string | null): Promise<string> {
  const stream = sseStreamProducer({
    data: values(),
    serialize: (value) => superjson.serialize(value),
    formatError: ({ error }) => ({ message: (error as Error).message }),
    client: {},
    lastEventId,
  });
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream) text += decoder.decode(chunk);
  return text;
}

/** A pull-counting source. */
function counted(values: unknown[], failWith?: Error) {
  const state = { pulled: 0 };
  async function* generate() {
    for (const value of values) {
      state.pulled++;
      yield value;
    }
    if (failWith) throw failWith;
  }
  return { state, generate };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SseSession frames', () => {
  it.each([
    ['tracked values then return', [tracked('1', { a: 1 }), tracked('2', { b: new Date(0) })], undefined, null],
    ['untracked values after a resume id (restore-id events)', [{ a: 1 }, tracked('7', 'x'), { b: 2 }], undefined, '5'],
    ['a failure mid-stream (serialized-error, no return)', [tracked('1', 1)], new TRPCError({ code: 'NOT_FOUND', message: 'gone' }), null],
    ['a resume id tRPC cannot send back', [{ a: 1 }], undefined, 'a\nb'],
  ])('%s: the same bytes as tRPC’s sseStreamProducer', async (_, values, failWith, lastEventId) => {
    const sink = new FakeSink();
    await session(sink, { lastEventId }).run(counted(values, failWith).generate());
    expect(sink.text).toBe(await producerText(counted(values, failWith).generate, lastEventId));
    expect(sink.ended).toBe(true);
  });

  it('an error before streaming: connected, then the error', async () => {
    const sink = new FakeSink();
    await session(sink).run({ error: new Error('bad input') });
    expect(sink.chunks).toEqual(['event: connected\ndata: {}\n\n\n', 'event: serialized-error\ndata: {"json":{"message":"bad input"}}\n\n\n']);
  });
});

describe('SseSession with a client that stops reading', () => {
  it('pulls nothing more and sends no pings until the client catches up', async () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    sink.behindAt = 2; // connected + the first value
    const source = counted([tracked('1', 1), tracked('2', 2), tracked('3', 3)]);
    const running = session(sink, { settings: settings({ pingMs: 100 }) }).run(source.generate());
    await vi.advanceTimersByTimeAsync(1000);
    expect(source.state.pulled).toBe(1);
    expect(sink.text).not.toContain('event: ping');
    sink.drain();
    await running;
    expect(source.state.pulled).toBe(3);
    expect(sink.chunks.at(-1)).toBe('event: return\ndata: \n\n\n');
  });

  it('onStatus through the real tracker: while behind, updates collapse to the latest; the final state is never lost', async () => {
    const tracker = createMemoryJobTracker();
    const jobs = createJobService({
      tracker,
      pipeline: { run: () => Promise.reject(new Error('not used')), close: async () => undefined },
      runner: createJobRunner({ concurrency: 1, queueMax: 1, timeoutMs: 60_000 }),
      logger: createSilentLogger(),
      asyncThreshold: 10_000,
    });
    const job = await makeJob(tracker, { complete: false, progress: 0 });
    const abort = new AbortController();
    const caller = createCallerFactory(appRouter)({ jobs }, { signal: abort.signal });
    const iterable = (await caller.onStatus({ jobId: job.job_id })) as SseSource;

    const sink = new FakeSink();
    sink.behindAt = 2;
    const running = session(sink, { abort }).run(iterable);
    await vi.waitFor(() => expect(sink.chunks).toHaveLength(2));
    const updates = 500;
    for (let i = 1; i <= updates; i++) {
      await tracker.progress(job.job_id, { percentage: i / 10, message: `paso ${i}`, phase: 'extraccion', phase_index: 2, phase_count: 4 });
    }
    await tracker.complete(job.job_id, summary());
    sink.drain();
    await running;

    const ids = [...sink.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    // Far fewer frames than changes: the subscriber's queue is bounded and collapsed.
    expect(ids.length).toBeLessThan(100);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.at(-1)).toBe(updates + 3); // created, started, the updates, completed
    expect(sink.text).toContain('"status":"completed"');
    expect(sink.chunks.at(-1)).toBe('event: return\ndata: \n\n\n');
    expect(tracker.listenerCount()).toBe(0);
    await tracker.close();
  });

  it('maxDurationMs ends the response without return and aborts the producer', async () => {
    vi.useFakeTimers();
    const sink = new FakeSink();
    const abort = new AbortController();
    let released = false;
    async function* endless() {
      try {
        yield tracked('1', 1);
        await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve()));
      } finally {
        released = true;
      }
    }
    const running = session(sink, { abort, settings: settings({ maxDurationMs: 500 }) }).run(endless());
    await vi.advanceTimersByTimeAsync(499);
    expect(sink.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await running;
    expect(sink.ended).toBe(true);
    expect(abort.signal.aborted).toBe(true);
    expect(released).toBe(true);
    expect(sink.text).not.toContain('event: return');
  });

  it('a client that leaves while behind releases the producer at once', async () => {
    const sink = new FakeSink();
    sink.behindAt = 2;
    const abort = new AbortController();
    let released = false;
    async function* source() {
      try {
        for (let i = 1; ; i++) yield tracked(String(i), i);
      } finally {
        released = true;
      }
    }
    const running = session(sink, { abort }).run(source());
    await vi.waitFor(() => expect(sink.chunks).toHaveLength(2));
    sink.disconnect();
    await running;
    expect(abort.signal.aborted).toBe(true);
    expect(released).toBe(true);
    expect(sink.chunks).toHaveLength(2);
  });
});
