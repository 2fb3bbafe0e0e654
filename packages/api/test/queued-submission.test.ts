import type { JobResultSummary } from '@noticias/contract';
import { createMemoryJobTracker, type JobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobRunner, createJobService, createSilentLogger, type JobQueue } from '../src/index.ts';
import { createFakePipeline } from './support/fake-pipeline.ts';
import { sampleArticle } from './support/samples.ts';

const HOUR = 3_600_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * The worker's view of the shared tracker, whose `complete` reaches the api's view only when
 * `release` runs: with Redis, the queue's "finished" and the tracker's event stream are two
 * ways into the api process, and the first can arrive before the second.
 */
function laggingCompletes(tracker: JobTracker) {
  const held: (() => Promise<unknown>)[] = [];
  const view = new Proxy(tracker, {
    get(target, property, receiver) {
      if (property === 'complete')
        return async (id: string, summary: JobResultSummary) => {
          held.push(() => target.complete(id, summary));
          return target.get(id);
        };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { view, release: async () => Promise.all(held.splice(0).map((write) => write())) };
}

describe('a waiting submission on the queued path (ROLE=api)', () => {
  it('answers with the completed job when the queue says it finished before the tracker shows it', async () => {
    const tracker = createMemoryJobTracker({
      limits: { maxStored: 100, retentionMs: HOUR, timeoutMs: HOUR, sweepIntervalMs: HOUR },
    });
    const lag = laggingCompletes(tracker);
    const service = (trackerView: JobTracker, queue?: JobQueue) =>
      createJobService({
        tracker: trackerView,
        pipeline: createFakePipeline(),
        runner: createJobRunner({ concurrency: 2, queueMax: 10, timeoutMs: HOUR }),
        logger: createSilentLogger(),
        asyncThreshold: 10_000,
        ...(queue ? { queue } : {}),
      });
    const worker = service(lag.view);
    const api = service(tracker, {
      async enqueue(jobId, input) {
        return {
          async finished() {
            const outcome = await worker.runQueued(jobId, input);
            // The completion reaches the api's tracker after the queue's answer.
            setImmediate(() => void lag.release());
            return outcome;
          },
        };
      },
      waitingCount: async () => 0,
      remove: async () => false,
    });
    cleanups.push(async () => {
      await api.shutdown({ graceMs: 0 });
      await worker.shutdown({ graceMs: 0 });
      await tracker.close();
    });

    const submission = await api.submitArticle(sampleArticle(), { mode: 'wait' });

    expect(submission.mode).toBe('wait');
    if (submission.mode !== 'wait') return;
    expect(submission.job.status).toBe('completed');
    expect(submission.result.request_id).toBe(submission.job.job_id);
  });
});
