import { setTimeout as delay } from 'node:timers/promises';
import { appRouter, createCallerFactory, LOCAL_CALLER } from '@noticias/api';
import { createMemoryJobTracker } from '@noticias/tracker';
import { tracked, TRPCError } from '@trpc/server';
import { sseStreamProducer } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseSink } from '../src/fast-trpc/raw-sink.ts';
import { SseFanout } from '../src/fast-trpc/sse-fanout.ts';
import { sseFrame } from '../src/fast-trpc/sse-frames.ts';
import { SseSubscriber } from '../src/fast-trpc/sse-subscriber.ts';
import { makeJob, readOnlyJobService, summary } from './support/fast-pair.ts';

// The SSE fan-out on its own: its frames against tRPC's own producer, subscribers that join a
// running stream, and clients that stop reading.

class FakeSink implements SseSink {
  chunks: string[] = [];
  ended = false;
  behind = false;
  /** Goes behind once this many chunks were written. */
  behindAt = Infinity;
  #listeners: { drain(): void; close(): void } | undefined;

  write(chunk: string): boolean {
    if (this.ended) return false;
    this.chunks.push(chunk);
    if (this.chunks.length >= this.behindAt) this.behind = true;
    return !this.behind;
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.#listeners?.close();
  }
  listen(listeners: { drain(): void; close(): void }): void {
    this.#listeners = listeners;
  }
  /** The client catches up. */
  drain(): void {
    this.behind = false;
    this.behindAt = Infinity;
    this.#listeners?.drain();
  }
  disconnect(): void {
    this.end();
  }
  get text(): string {
    return this.chunks.join('');
  }
  get ids(): number[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  }
}

const json = (value: unknown) => JSON.stringify(superjson.serialize(value));

function subscriber(
  sink: FakeSink,
  fanout: () => SseFanout | undefined,
  options: { lastEventId?: string | null; maxDurationMs?: number } = {},
) {
  return new SseSubscriber(sink, {
    connectedFrame: sseFrame('connected', '{}'),
    lastEventId: options.lastEventId ?? null,
    maxDurationMs: options.maxDurationMs ?? null,
    errorJson: (cause) => json({ message: cause instanceof Error ? cause.message : String(cause) }),
    onGone: (gone) => fanout()?.remove(gone),
  });
}

function fanoutOf(
  source: AsyncIterable<unknown>,
  options: { abort?: AbortController; pingMs?: number; onStop?: () => void } = {},
) {
  return new SseFanout(source, {
    pingMs: options.pingMs ?? null,
    dataJson: json,
    abort: options.abort ?? new AbortController(),
    onStop: options.onStop,
  });
}

async function producerText(
  values: unknown[],
  failWith: Error | undefined,
  lastEventId: string | null,
): Promise<string> {
  const stream = sseStreamProducer({
    data: generate(values, failWith),
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

async function* generate(values: unknown[], failWith?: Error) {
  for (const value of values) yield value;
  if (failWith) throw failWith;
}

/** A producer that yields 1, 2, ... until stopped; `released` once its finally ran. */
function endless(abort: AbortController) {
  const state = { released: false, pulled: 0 };
  async function* source() {
    try {
      for (let i = 1; ; i++) {
        state.pulled = i;
        yield tracked(String(i), { n: i });
        // timers/promises drops its abort listener when the delay ends: no listener piles up per pull.
        await delay(5, undefined, { signal: abort.signal }).catch(() => undefined);
        if (abort.signal.aborted) return;
      }
    } finally {
      state.released = true;
    }
  }
  return { state, source: source() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SSE frames', () => {
  it.each([
    ['tracked values then return', [tracked('1', { a: 1 }), tracked('2', { b: new Date(0) })], undefined, null],
    ['untracked values after a resume id (restore-id events)', [{ a: 1 }, tracked('7', 'x'), { b: 2 }], undefined, '5'],
    [
      'a failure mid-stream (serialized-error, no return)',
      [tracked('1', 1)],
      new TRPCError({ code: 'NOT_FOUND', message: 'gone' }),
      null,
    ],
    ['a resume id tRPC cannot send back', [{ a: 1 }], undefined, 'a\nb'],
  ])('%s: the same bytes as tRPC’s sseStreamProducer', async (_, values, failWith, lastEventId) => {
    const sink = new FakeSink();
    const fanout = fanoutOf(generate(values, failWith));
    fanout.add(subscriber(sink, () => fanout, { lastEventId }));
    await fanout.run();
    expect(sink.text).toBe(await producerText(values, failWith, lastEventId));
    expect(sink.ended).toBe(true);
  });

  it('an error before streaming: connected, then the error', () => {
    const sink = new FakeSink();
    subscriber(sink, () => undefined).fail(new Error('bad input'));
    expect(sink.chunks).toEqual([
      'event: connected\ndata: {}\n\n\n',
      'event: serialized-error\ndata: {"json":{"message":"bad input"}}\n\n\n',
    ]);
    expect(sink.ended).toBe(true);
  });
});

describe('SseFanout with several subscribers', () => {
  it('a subscriber that joins gets the latest value first, then the same frames as the others', async () => {
    const values = Array.from({ length: 5 }, (_, i) => tracked(String(i + 1), { n: i + 1 }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* source() {
      yield values[0];
      yield values[1];
      await gate;
      yield* values.slice(2);
    }
    const [first, late] = [new FakeSink(), new FakeSink()];
    const fanout = fanoutOf(source());
    fanout.add(subscriber(first, () => fanout));
    const running = fanout.run();
    await vi.waitFor(() => expect(fanout.lastId).toBe('2'));
    fanout.add(
      subscriber(late, () => fanout),
      true,
    );
    release();
    await running;
    expect(first.ids).toEqual([1, 2, 3, 4, 5]);
    expect(late.ids).toEqual([2, 3, 4, 5]);
    // The same frame strings, not merely equal text.
    expect(late.chunks.slice(1)).toEqual(first.chunks.slice(2));
    expect(late.chunks.at(-1)).toBe('event: return\ndata: \n\n\n');
  });

  it('a client that stops reading holds up nobody and keeps only the latest frame; the final one always arrives', async () => {
    const abort = new AbortController();
    const values = Array.from({ length: 200 }, (_, i) => tracked(String(i + 1), { n: i + 1 }));
    const [fast, slow] = [new FakeSink(), new FakeSink()];
    slow.behindAt = 3; // connected, 1, 2: then it stops taking anything
    const fanout = fanoutOf(generate(values), { abort });
    fanout.add(subscriber(fast, () => fanout));
    fanout.add(subscriber(slow, () => fanout));
    await fanout.run();
    expect(fast.ids).toHaveLength(200);
    expect(slow.ids).toEqual([1, 2]);
    expect(slow.ended).toBe(false); // its `return` waits for it too
    slow.drain();
    expect(slow.ids).toEqual([1, 2, 200]);
    expect(slow.chunks.at(-1)).toBe('event: return\ndata: \n\n\n');
    expect(slow.ended).toBe(true);
  });

  it('with latestPer, a client that stops reading keeps the latest frame of each key, in the order of those frames', async () => {
    const values = [
      { job: 'a', n: 1 },
      { job: 'b', n: 1 },
      { job: 'a', n: 2 },
      { job: 'c', n: 1 },
      { job: 'b', n: 2 },
    ];
    const slow = new FakeSink();
    slow.behindAt = 1; // the connected frame, then nothing
    const fanout = new SseFanout(generate(values), {
      pingMs: null,
      dataJson: json,
      abort: new AbortController(),
      latestPer: (value) => (value as { job: string }).job,
    });
    fanout.add(subscriber(slow, () => fanout));
    await fanout.run();
    expect(slow.chunks).toHaveLength(1);
    slow.drain();
    expect(slow.chunks.slice(1)).toEqual([
      sseFrame(undefined, json({ job: 'a', n: 2 })),
      sseFrame(undefined, json({ job: 'c', n: 1 })),
      sseFrame(undefined, json({ job: 'b', n: 2 })),
      'event: return\ndata: \n\n\n',
    ]);
  });

  it('onStatus through the real tracker: a slow subscriber skips to the latest snapshot and still gets the final state', async () => {
    const tracker = createMemoryJobTracker();
    const jobs = readOnlyJobService(tracker);
    const job = await makeJob(tracker, { complete: false, progress: 0 });
    const abort = new AbortController();
    const caller = createCallerFactory(appRouter)({ jobs, caller: LOCAL_CALLER }, { signal: abort.signal });
    const fanout = fanoutOf((await caller.onStatus({ jobId: job.job_id })) as AsyncIterable<unknown>, { abort });
    const [fast, slow] = [new FakeSink(), new FakeSink()];
    slow.behindAt = 2;
    fanout.add(subscriber(fast, () => fanout));
    fanout.add(subscriber(slow, () => fanout));
    const running = fanout.run();
    await vi.waitFor(() => expect(fast.ids).toEqual([2]));
    const updates = 300;
    for (let i = 1; i <= updates; i++) {
      await tracker.progress(job.job_id, {
        percentage: i / 10,
        message: `paso ${i}`,
        phase: 'extraccion',
        phase_index: 2,
        phase_count: 4,
      });
    }
    await tracker.complete(job.job_id, summary());
    await running;
    slow.drain();

    const last = updates + 3; // created, started, the updates, completed
    expect(fast.ids.at(-1)).toBe(last);
    expect(slow.ids).toEqual([2, last]);
    expect(slow.text).toContain('"status":"completed"');
    expect(slow.chunks.at(-1)).toBe('event: return\ndata: \n\n\n');
    expect(tracker.listenerCount()).toBe(0);
    await tracker.close();
  });

  it('releases the producer as soon as its last subscriber leaves, not before', async () => {
    const abort = new AbortController();
    const producer = endless(abort);
    const stopped = vi.fn();
    const [a, b] = [new FakeSink(), new FakeSink()];
    const fanout = fanoutOf(producer.source, { abort, onStop: stopped });
    fanout.add(subscriber(a, () => fanout));
    fanout.add(subscriber(b, () => fanout));
    const running = fanout.run();
    await vi.waitFor(() => expect(b.ids.length).toBeGreaterThan(1));
    a.disconnect();
    const pulledThen = producer.state.pulled;
    await vi.waitFor(() => expect(producer.state.pulled).toBeGreaterThan(pulledThen));
    expect(stopped).not.toHaveBeenCalled();
    b.disconnect();
    await running;
    expect(abort.signal.aborted).toBe(true);
    expect(producer.state.released).toBe(true);
    expect(stopped).toHaveBeenCalledOnce();
    expect(fanout.lastId).toBeUndefined();
  });
});

describe('SseSubscriber timers', () => {
  it('maxDurationMs ends the response without return; the last subscriber gone, the producer is released', async () => {
    vi.useFakeTimers();
    const abort = new AbortController();
    const producer = endless(abort);
    const sink = new FakeSink();
    const fanout = fanoutOf(producer.source, { abort });
    fanout.add(subscriber(sink, () => fanout, { maxDurationMs: 500 }));
    const running = fanout.run();
    await vi.advanceTimersByTimeAsync(499);
    expect(sink.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.ended).toBe(true);
    await vi.runAllTimersAsync();
    await running;
    expect(sink.text).not.toContain('event: return');
    expect(producer.state.released).toBe(true);
  });

  it('pings idle subscribers, but not one that is behind', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    async function* quiet() {
      yield tracked('1', 1);
      await new Promise<void>((resolve) => (release = resolve));
    }
    const [idle, behind] = [new FakeSink(), new FakeSink()];
    behind.behindAt = 2;
    const fanout = fanoutOf(quiet(), { pingMs: 100 });
    fanout.add(subscriber(idle, () => fanout));
    fanout.add(subscriber(behind, () => fanout));
    const running = fanout.run();
    await vi.advanceTimersByTimeAsync(350);
    expect(idle.text.split('event: ping').length - 1).toBe(3);
    expect(behind.text).not.toContain('event: ping');
    release();
    await running;
  });
});
