import { TrackerError } from '@noticias/tracker';
import { describe, expect, it } from 'vitest';
import { JobFailedError } from '../src/errors/api-errors.ts';
import { createSharedIdempotencyStore, type SharedKeyClaims } from '../src/services/shared-idempotency-store.ts';
import type { IdempotentAnswer } from '../src/services/idempotency-store.ts';

// Claims that hand the recorded text straight to the next claimer: what crosses processes is text.
function textClaims(): SharedKeyClaims {
  const stored = new Map<string, { fingerprint: string; answer?: string }>();
  return {
    async claim(key, fingerprint) {
      const entry = stored.get(key);
      if (!entry) {
        stored.set(key, { fingerprint });
        return { status: 'claimed' };
      }
      return { status: 'existing', fingerprint: entry.fingerprint, answer: Promise.resolve(entry.answer ?? null) };
    },
    async record(key, answer) {
      stored.get(key)!.answer = answer;
    },
    async release(key) {
      stored.delete(key);
    },
    size: async () => stored.size,
  };
}

const job = { job_id: `req_${'a'.repeat(32)}` } as IdempotentAnswer['job'];

async function roundTrip(answer: IdempotentAnswer): Promise<IdempotentAnswer | null> {
  const store = createSharedIdempotencyStore(textClaims());
  await store.claim('k', 'fp');
  await store.record('k', answer);
  const again = await store.claim('k', 'fp');
  if (again.status !== 'existing') throw new Error('expected existing');
  return again.answer;
}

describe('shared idempotency store', () => {
  it('replays a job failure as the same JobFailedError', async () => {
    const error = new JobFailedError(job.job_id, 'cancelled', 'extraccion', 'cancelado');
    const back = await roundTrip({ mode: 'wait', job, error });
    const replayed = (back as { error: unknown }).error;
    expect(replayed).toBeInstanceOf(JobFailedError);
    expect(replayed).toMatchObject({ jobId: job.job_id, tipo: 'cancelled', fase: 'extraccion', message: 'cancelado' });
  });

  it('replays a store outage as a TrackerError with its code', async () => {
    const back = await roundTrip({ mode: 'wait', job, error: new TrackerError('STORE_UNAVAILABLE', 'caído') });
    const replayed = (back as { error: unknown }).error;
    expect(replayed).toBeInstanceOf(TrackerError);
    expect((replayed as TrackerError).code).toBe('STORE_UNAVAILABLE');
  });

  it('keeps results and async answers as they were', async () => {
    expect(await roundTrip({ mode: 'async', job })).toEqual({ mode: 'async', job });
    const result = { hechos: [{ texto: 'x' }] } as never;
    expect(await roundTrip({ mode: 'wait', job, result })).toEqual({ mode: 'wait', job, result });
  });
});
