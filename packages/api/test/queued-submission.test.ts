import type { JobResultSummary } from '@noticias/contract';
import { createMemoryJobTracker, type JobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createJobRunner,
  createJobService,
  createResultStore,
  createSilentLogger,
  type JobQueue,
  type JobService,
  type QueuedOutcome,
} from '../src/index.ts';
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

/**
 * An api and a worker job service over one memory tracker and result store, as two processes
 * over Redis share them; `queueTo` is the queue between them, `workerView` what the worker sees.
 */
function queuedServices(
  queueTo: (worker: JobService) => JobQueue['enqueue'],
  workerView: (tracker: JobTracker) => JobTracker = (tracker) => tracker,
): JobService {
  const tracker = createMemoryJobTracker({
    limits: { maxStored: 100, retentionMs: HOUR, timeoutMs: HOUR, sweepIntervalMs: HOUR },
  });
  const results = createResultStore();
  const service = (view: JobTracker, queue?: JobQueue) =>
    createJobService({
      tracker: view,
      pipeline: createFakePipeline(),
      runner: createJobRunner({ concurrency: 2, queueMax: 10, timeoutMs: HOUR }),
      logger: createSilentLogger(),
      asyncThreshold: 10_000,
      results,
      ...(queue ? { queue } : {}),
    });
  const worker = service(workerView(tracker));
  const api = service(tracker, { enqueue: queueTo(worker), waitingCount: async () => 0, remove: async () => false });
  cleanups.push(async () => {
    await api.shutdown({ graceMs: 0 });
    await worker.shutdown({ graceMs: 0 });
    await tracker.close();
  });
  return api;
}

describe('a waiting submission on the queued path (ROLE=api)', () => {
  it('answers with the completed job when the queue says it finished before the tracker shows it', async () => {
    let lag!: ReturnType<typeof laggingCompletes>;
    const api = queuedServices(
      (worker) => async (jobId, input, options) => ({
        async finished() {
          const outcome = await worker.runQueued(jobId, input, options);
          // The completion reaches the api's tracker after the queue's answer.
          setImmediate(() => void lag.release());
          return outcome;
        },
      }),
      (tracker) => (lag = laggingCompletes(tracker)).view,
    );

    const submission = await api.submitArticle(sampleArticle(), { mode: 'wait' });

    expect(submission.mode).toBe('wait');
    if (submission.mode !== 'wait') return;
    expect(submission.job.status).toBe('completed');
    expect(submission.result.request_id).toBe(submission.job.job_id);
  });

  it('answers with the kept result when waiting through the queue failed but the job completed', async () => {
    const api = queuedServices((worker) => async (jobId, input, options) => {
      const ran = worker.runQueued(jobId, input, options);
      // As BullMQ's wait rejects when its event connection is lost: the queue reports a failure.
      return { finished: async () => (await ran, { ok: false }) };
    });

    const submission = await api.submitArticle(sampleArticle(), { mode: 'wait' });

    expect(submission.mode).toBe('wait');
    if (submission.mode !== 'wait') return;
    expect(submission.job.status).toBe('completed');
    expect(submission.result.request_id).toBe(submission.job.job_id);
  });

  it('asks for the result back through the queue only when a caller waits for it', async () => {
    const ran = new Map<string, { awaited: boolean; outcome: Promise<QueuedOutcome> }>();
    const api = queuedServices((worker) => async (jobId, input, options) => {
      // The worker runs every job, waited for or not, as a worker process takes it from the queue.
      const outcome = worker.runQueued(jobId, input, options);
      ran.set(jobId, { awaited: options.awaited, outcome });
      return { finished: () => outcome };
    });

    const waited = await api.submitArticle(sampleArticle(), { mode: 'wait' });
    const queued = await api.submitArticle(sampleArticle(), { mode: 'async' });
    const long = await api.submitArticle({ ...sampleArticle(), contenido_texto: 'x'.repeat(10_001) }, { mode: 'auto' });

    expect(waited.mode).toBe('wait');
    expect(ran.get(waited.job.job_id)?.awaited).toBe(true);
    const waitedOutcome = await ran.get(waited.job.job_id)?.outcome;
    expect(waitedOutcome?.ok && waitedOutcome.result?.request_id).toBe(waited.job.job_id);
    for (const submission of [queued, long]) {
      expect(submission.mode).toBe('async');
      expect(ran.get(submission.job.job_id)?.awaited).toBe(false);
      expect(await ran.get(submission.job.job_id)?.outcome).toEqual({ ok: true, result: null });
      // Not through the queue, but kept where getResult reads it.
      expect((await api.getResult(submission.job.job_id)).result?.request_id).toBe(submission.job.job_id);
    }
  });
});
