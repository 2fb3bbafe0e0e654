import { PipelineError } from '@noticias/pipeline';
import { createMemoryJobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createJobRunner,
  createJobService,
  createSilentLogger,
  JobFailedError,
  JobNotFoundError,
  type JobRunnerOptions,
  createSharedResultStore,
  type Logger,
  type ResultStore,
  type ServiceUnavailableError,
} from '../src/index.ts';
import { createFakePipeline, deferred, fakeResult, reportPhases, type RunBehaviour } from './support/fake-pipeline.ts';
import { history } from '../../../test/support/collect.ts';
import { sampleArticle, sampleFragment } from './support/samples.ts';

const HOUR = 3_600_000;

function setup(
  options: {
    behaviour?: RunBehaviour;
    runner?: Partial<JobRunnerOptions>;
    maxStored?: number;
    asyncThreshold?: number;
    logger?: Logger;
    isOverloaded?: () => boolean;
    results?: ResultStore;
  } = {},
) {
  const tracker = createMemoryJobTracker({
    limits: { maxStored: options.maxStored ?? 100, retentionMs: HOUR, timeoutMs: HOUR, sweepIntervalMs: HOUR },
  });
  const pipeline = createFakePipeline(options.behaviour);
  const runner = createJobRunner({ concurrency: 2, queueMax: 10, timeoutMs: HOUR, ...options.runner });
  const finished: string[] = [];
  const jobs = createJobService({
    tracker,
    pipeline,
    runner,
    logger: options.logger ?? createSilentLogger(),
    asyncThreshold: options.asyncThreshold ?? 10_000,
    observer: { onJobFinished: (event) => finished.push(`${event.kind}:${event.status}`) },
    ...(options.isOverloaded ? { isOverloaded: options.isOverloaded } : {}),
    ...(options.results ? { results: options.results } : {}),
  });
  cleanups.push(async () => {
    await jobs.shutdown({ graceMs: 0 });
    await tracker.close();
  });
  return { tracker, pipeline, runner, jobs, finished };
}

/** A logger that keeps the messages of its warnings (and its children's). */
function warningsLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    ...createSilentLogger(),
    warn: (_obj, msg) => warnings.push(msg ?? ''),
    child: () => logger,
  };
  return { logger, warnings };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('job service: submissions', () => {
  it('waits for an article: full result tree, completed job with the summary and the contract metadata', async () => {
    const { jobs, pipeline, finished } = setup();
    const article = sampleArticle({ titular: 'T'.repeat(150) });
    const submission = await jobs.submitArticle(article, { mode: 'wait' });

    expect(submission.mode).toBe('wait');
    if (submission.mode !== 'wait') return;
    const { job, result } = submission;
    expect(result.tipo_procesamiento).toBe('articulo_completo');
    expect(result.request_id).toBe(job.job_id);
    expect(pipeline.runs[0]).toMatchObject({ kind: 'articulo', requestId: job.job_id, longArticleThreshold: 10_000 });
    expect(job.status).toBe('completed');
    expect(job.result).toEqual({
      fragmento_id: result.fragmento_id,
      fragmento_uuid: result.fragmento_uuid,
      tiempo_procesamiento_segundos: result.tiempo_procesamiento_articulo,
      elementos_extraidos: { hechos: 2, entidades: 3, citas: 1, datos_cuantitativos: 1 },
    });
    expect(job.metadata).toMatchObject({
      tipo: 'articulo',
      medio: article.medio,
      titular: 'T'.repeat(100),
      fecha_publicacion: article.fecha_publicacion,
      longitud_contenido: article.contenido_texto.length,
    });
    expect(finished).toEqual(['articulo:completed']);
  });

  it('passes through pending, processing, the four phases in order and completed', async () => {
    const started = deferred();
    const release = deferred();
    const { jobs, tracker } = setup({
      behaviour: async (input, options) => {
        started.resolve();
        await release.promise;
        reportPhases(options);
        return fakeResult(input);
      },
    });
    const submission = await jobs.submitFragment(sampleFragment(), { mode: 'async' });
    const snapshots = history(tracker, submission.job.job_id);
    await started.promise;
    release.resolve();
    const seen = await snapshots;

    const statuses = seen.map((s) => s.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses.at(-1)).toBe('completed');
    expect(
      seen
        .filter((s) => s.progress.phase)
        .map((s) => [s.progress.phase, s.progress.phase_index, s.progress.percentage]),
    ).toEqual([
      ['triaje', 1, 0],
      ['extraccion', 2, 25],
      ['citas_datos', 3, 50],
      ['normalizacion', 4, 75],
    ]);
    expect(seen.at(-1)?.progress).toMatchObject({ percentage: 100, message: 'Procesamiento completado exitosamente' });
  });

  it('gives background and foreground runs of the same input the same result summary', async () => {
    const { jobs, tracker } = setup();
    const fragment = sampleFragment();
    const foreground = await jobs.submitFragment(fragment, { mode: 'wait' });
    const background = await jobs.submitFragment(fragment, { mode: 'async' });
    expect(background.mode).toBe('async');
    expect(['pending', 'processing']).toContain(background.job.status);
    const events = await history(tracker, background.job.job_id);
    expect(events.at(-1)?.status).toBe('completed');
    expect(events.at(-1)?.result).toEqual(foreground.job.result);
  });

  it('auto mode waits for short content and backgrounds content longer than the threshold', async () => {
    const { jobs } = setup({ asyncThreshold: 100 });
    const short = await jobs.submitFragment(sampleFragment({ texto_original: 'x'.repeat(100) }));
    const long = await jobs.submitFragment(sampleFragment({ texto_original: 'x'.repeat(101) }));
    const longArticle = await jobs.submitArticle(sampleArticle({ contenido_texto: 'y'.repeat(101) }));
    expect([short.mode, long.mode, longArticle.mode]).toEqual(['wait', 'async', 'async']);
    expect((await jobs.submitFragment(sampleFragment(), { mode: 'async' })).mode).toBe('async');
    expect(
      (await jobs.submitFragment(sampleFragment({ texto_original: 'x'.repeat(500) }), { mode: 'wait' })).mode,
    ).toBe('wait');
  });
});

describe('job service: failures', () => {
  it('a pipeline error fails the job with tipo, mensaje and fase, and the waiting caller gets JobFailedError', async () => {
    const { jobs, tracker, finished } = setup({
      behaviour: async (_input, options) => {
        reportPhases(options, 'citas_datos');
        throw new PipelineError('PIPELINE_FAILED', 'secret internal detail', 'extraccion');
      },
    });
    const failure = await jobs.submitFragment(sampleFragment(), { mode: 'wait' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JobFailedError);
    const { jobId, tipo, fase } = failure as JobFailedError;
    expect({ tipo, fase }).toEqual({ tipo: 'pipeline_error', fase: 'extraccion' });

    const job = await tracker.get(jobId);
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatchObject({
      tipo: 'pipeline_error',
      fase: 'extraccion',
      mensaje: "El pipeline falló en la fase 'extraccion'",
    });
    expect(JSON.stringify(job)).not.toContain('secret internal detail');
    expect(job?.progress.message).toBe('Procesamiento falló con errores');
    expect(finished).toEqual(['fragmento:failed']);
  });

  it('an unexpected error becomes internal_error at the last reported phase, revealing nothing', async () => {
    const { jobs, tracker } = setup({
      behaviour: async (_input, options) => {
        reportPhases(options, 'normalizacion');
        throw new TypeError('Cannot read properties of undefined (reading "x") at /srv/app.js:12');
      },
    });
    const submission = await jobs.submitArticle(sampleArticle(), { mode: 'async' });
    const events = await history(tracker, submission.job.job_id);
    expect(events.at(-1)?.error).toMatchObject({
      tipo: 'internal_error',
      mensaje: 'Error interno del pipeline',
      fase: 'citas_datos',
    });
  });

  it('fails a job that runs past the timeout and aborts the pipeline run', async () => {
    vi.useFakeTimers();
    const { jobs, tracker, pipeline } = setup({
      runner: { timeoutMs: 30_000 },
      behaviour: async (_input, options) => {
        reportPhases(options, 'extraccion');
        return new Promise(() => undefined);
      },
    });
    const submission = await jobs.submitFragment(sampleFragment(), { mode: 'async' });
    const snapshots = history(tracker, submission.job.job_id);
    await vi.advanceTimersByTimeAsync(29_999);
    expect((await tracker.get(submission.job.job_id))?.status).toBe('processing');
    await vi.advanceTimersByTimeAsync(1);
    const job = (await snapshots).at(-1);
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatchObject({ tipo: 'timeout', fase: 'triaje' });
    expect(pipeline.signals[0]?.aborted).toBe(true);
  });

  it('survives tracker writes failing after the job is gone, and still answers the waiting caller', async () => {
    const { logger, warnings } = warningsLogger();
    const gate = deferred();
    const running = deferred();
    const { jobs, tracker } = setup({
      logger,
      behaviour: async (input, options) => {
        running.resolve();
        await gate.promise;
        reportPhases(options);
        return fakeResult(input);
      },
    });
    const waiting = jobs.submitFragment(sampleFragment(), { mode: 'wait' });
    await running.promise;
    await tracker.close();
    gate.resolve();
    const submission = await waiting;
    expect(submission.mode === 'wait' && submission.result.fragmento_id).toBe('informe-agua-2026-frag-003');
    expect(warnings).toContain('tracker complete failed');
  });
});

describe('job service: capacity', () => {
  it('refuses when the queue is full, without creating a job', async () => {
    const gate = deferred();
    const { jobs, tracker } = setup({
      runner: { concurrency: 1, queueMax: 1 },
      behaviour: async (input) => {
        await gate.promise;
        return fakeResult(input);
      },
    });
    await jobs.submitFragment(sampleFragment(), { mode: 'async' });
    await jobs.submitFragment(sampleFragment(), { mode: 'async' });
    const refused = await jobs.submitFragment(sampleFragment(), { mode: 'async' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'queue_full' });
    expect((refused as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await tracker.stats()).total).toBe(2);
    gate.resolve();
  });

  it('refuses when the tracker is full of unfinished jobs and gives the runner place back', async () => {
    const gate = deferred();
    const { jobs, runner } = setup({
      maxStored: 1,
      behaviour: async (input) => {
        await gate.promise;
        return fakeResult(input);
      },
    });
    await jobs.submitFragment(sampleFragment(), { mode: 'async' });
    await expect(jobs.submitFragment(sampleFragment(), { mode: 'async' })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'store_full',
    });
    expect(runner.stats().queued).toBe(0);
    gate.resolve();
  });
});

describe('job service: reads', () => {
  it('getStatus: the snapshot, or JobNotFoundError for unknown and malformed ids', async () => {
    const { jobs } = setup();
    const { job } = await jobs.submitFragment(sampleFragment(), { mode: 'wait' });
    expect((await jobs.getStatus(job.job_id)).status).toBe('completed');
    await expect(jobs.getStatus('req_0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(jobs.getStatus('../../etc/passwd')).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('lists jobs by status and reports stats', async () => {
    const { jobs } = setup();
    await jobs.submitFragment(sampleFragment(), { mode: 'wait' });
    await jobs.submitArticle(sampleArticle(), { mode: 'wait' });
    const page = await jobs.listJobs({ status: 'completed', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const stats = await jobs.stats();
    expect(stats.jobs.counts.completed).toBe(2);
    expect(stats).toMatchObject({ accepting: true, asyncThreshold: 10_000, runner: { running: 0, queued: 0 } });
  });
});

describe('job service: shutdown', () => {
  it('lets running jobs finish within the grace period, fails the rest, refuses new work, leaves none processing', async () => {
    vi.useFakeTimers();
    const quick = deferred();
    let running = 0;
    const bothRunning = deferred();
    const { jobs, tracker } = setup({
      runner: { concurrency: 2, queueMax: 5 },
      behaviour: async (input, options) => {
        reportPhases(options, 'extraccion');
        if (++running === 2) bothRunning.resolve();
        // The fragment with "rápido" in its id finishes when released; the other never does.
        if (input.kind === 'fragmento' && input.fragment.id_fragmento === 'rapido') await quick.promise;
        else await new Promise(() => undefined);
        return fakeResult(input);
      },
    });
    const fast = await jobs.submitFragment(sampleFragment({ id_fragmento: 'rapido' }), { mode: 'async' });
    const slow = jobs.submitFragment(sampleFragment({ id_fragmento: 'lento' }), { mode: 'wait' });
    const slowOutcome = slow.catch((error: unknown) => error);
    const queued = await jobs.submitFragment(sampleFragment({ id_fragmento: 'en-cola' }), { mode: 'async' });
    const queuedHistory = history(tracker, queued.job.job_id);
    await bothRunning.promise;

    const stopped = jobs.shutdown({ graceMs: 1_000 });
    await expect(jobs.submitFragment(sampleFragment(), { mode: 'async' })).rejects.toMatchObject({
      reason: 'shutting_down',
    });
    // Queued work is failed at once, without waiting for the grace period.
    expect((await queuedHistory).map((s) => s.status)).toEqual(['pending', 'failed']);
    quick.resolve();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;

    expect((await tracker.get(fast.job.job_id))?.status).toBe('completed');
    const failed = await slowOutcome;
    expect(failed).toMatchObject({ code: 'JOB_FAILED', tipo: 'shutdown', fase: 'triaje' });
    expect((await tracker.get(queued.job.job_id))?.error).toMatchObject({ tipo: 'shutdown', fase: null });
    const { counts } = await tracker.stats();
    expect(counts.processing + counts.pending).toBe(0);
    expect(jobs.shutdown({ graceMs: 0 })).toBe(stopped);
  });
});

describe('overload', () => {
  it('refuses every submission while the probe says overloaded, and creates no job', async () => {
    let overloaded = true;
    const { jobs, tracker } = setup({ isOverloaded: () => overloaded });
    for (const submit of [
      () => jobs.submitArticle(sampleArticle(), { mode: 'async' }),
      () => jobs.submitFragment(sampleFragment(), { mode: 'async' }),
    ]) {
      const refused = await submit().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'overloaded', retryAfterSeconds: 5 });
    }
    expect((await tracker.stats()).total).toBe(0);
    overloaded = false;
    expect((await jobs.submitFragment(sampleFragment(), { mode: 'async' })).mode).toBe('async');
  });
});

describe('job service: results kept in a shared store', () => {
  it('keeps the result where every process reads it, before the job turns completed', async () => {
    const blobs = new Map<string, string>();
    const seenAtCompletion: boolean[] = [];
    const results = createSharedResultStore({
      put: async (id, value) => {
        blobs.set(id, value);
      },
      get: async (id) => blobs.get(id) ?? null,
    });
    const { jobs, tracker } = setup({ results });
    const all = tracker.subscribeAll()[Symbol.asyncIterator]();
    const first = all.next();
    const submission = await jobs.submitFragment(sampleFragment(), { mode: 'wait' });
    const jobId = submission.job.job_id;
    for (let event = await first; !event.done; event = await all.next()) {
      if (event.value.snapshot.status === 'completed') {
        seenAtCompletion.push(blobs.has(jobId));
        break;
      }
    }
    expect(seenAtCompletion).toEqual([true]);
    const view = await jobs.getResult(jobId);
    expect(view.result).toEqual(submission.mode === 'wait' ? submission.result : undefined);
    expect(view.text).toBe(sampleFragment().texto_original.trim());
    await all.return!();
  });

  it('completes the job when the result cannot be kept: getResult then answers null', async () => {
    const { logger, warnings } = warningsLogger();
    const results: ResultStore = {
      put: () => Promise.reject(new Error('Redis caído')),
      get: async () => undefined,
    };
    const { jobs } = setup({ results, logger });
    const submission = await jobs.submitFragment(sampleFragment(), { mode: 'wait' });
    expect(submission.job.status).toBe('completed');
    expect((await jobs.getResult(submission.job.job_id)).result).toBeNull();
    expect(warnings).toContain('result not kept');
  });
});
