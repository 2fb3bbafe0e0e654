import { describe, expect, it } from 'vitest';
import {
  createJobRunner,
  createMemoryIdempotencyStore,
  inputFingerprint,
  isValidIdempotencyKey,
  JobCancelledError,
} from '../src/index.ts';
import { deferred } from './support/fake-pipeline.ts';
import { sampleArticle as article } from './support/samples.ts';

const HOUR = 3_600_000;

describe('RunnerTicket.cancel', () => {
  it('takes a queued task out of the queue without running it', async () => {
    const runner = createJobRunner({ concurrency: 1, queueMax: 5, timeoutMs: HOUR });
    const gate = deferred();
    const first = runner.reserve();
    const running = first.run(() => gate.promise);
    const second = runner.reserve();
    let ran = false;
    const queued = second.run(async () => {
      ran = true;
    });
    expect(runner.stats().queued).toBe(1);
    expect(second.cancel(new JobCancelledError())).toBe(true);
    await expect(queued).rejects.toBeInstanceOf(JobCancelledError);
    expect(runner.stats().queued).toBe(0);
    gate.resolve();
    await running;
    expect(ran).toBe(false);
    expect(second.cancel(new JobCancelledError())).toBe(false);
  });

  it('aborts a running task with the reason and frees its slot at once', async () => {
    const runner = createJobRunner({ concurrency: 1, queueMax: 5, timeoutMs: HOUR });
    const ticket = runner.reserve();
    let seen: unknown;
    const outcome = ticket.run(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            seen = signal.reason;
            reject(signal.reason as Error);
          });
        }),
    );
    await Promise.resolve();
    expect(ticket.cancel(new JobCancelledError())).toBe(true);
    await expect(outcome).rejects.toBeInstanceOf(JobCancelledError);
    expect(seen).toBeInstanceOf(JobCancelledError);
    await runner.whenIdle();
    expect(runner.stats().running).toBe(0);
    expect(ticket.cancel(new JobCancelledError())).toBe(false);
  });
});

describe('idempotency', () => {
  it('keys: 1 to 255 printable ASCII characters', () => {
    expect(isValidIdempotencyKey('a')).toBe(true);
    expect(isValidIdempotencyKey('x'.repeat(255))).toBe(true);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('x'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('tab\there')).toBe(false);
    expect(isValidIdempotencyKey('ñ')).toBe(false);
  });

  it('fingerprints ignore key order and the defaulted fecha_recopilacion, not content', () => {
    const a = article();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(inputFingerprint({ kind: 'articulo', article: reordered })).toBe(
      inputFingerprint({ kind: 'articulo', article: a }),
    );
    expect(inputFingerprint({ kind: 'articulo', article: { ...a, fecha_recopilacion: '2000-01-01T00:00:00Z' } })).toBe(
      inputFingerprint({ kind: 'articulo', article: a }),
    );
    expect(inputFingerprint({ kind: 'articulo', article: { ...a, titular: 'otro' } })).not.toBe(
      inputFingerprint({ kind: 'articulo', article: a }),
    );
  });

  it('one claim wins; others wait for its answer; a release frees the key; keys expire after the TTL', async () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ ttlMs: 1000, now: () => now });
    const claims = await Promise.all([store.claim('k', 'f'), store.claim('k', 'f'), store.claim('k', 'g')]);
    expect(claims.map((c) => c.status)).toEqual(['claimed', 'existing', 'existing']);
    const later = claims[1];
    if (later.status !== 'existing') throw new Error('unreachable');
    const job = { job_id: 'req_x' } as never;
    await store.record('k', { mode: 'async', job });
    expect(await later.answer).toEqual({ mode: 'async', job });

    expect((await store.claim('r', 'f')).status).toBe('claimed');
    const waiting = await store.claim('r', 'f');
    await store.release('r');
    if (waiting.status !== 'existing') throw new Error('unreachable');
    expect(await waiting.answer).toBeNull();
    expect((await store.claim('r', 'f')).status).toBe('claimed');

    now = 999;
    expect((await store.claim('k', 'f')).status).toBe('existing');
    now = 1000;
    expect((await store.claim('k', 'f')).status).toBe('claimed');
  });
});
