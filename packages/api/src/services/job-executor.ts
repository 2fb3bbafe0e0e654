import type { JobKind, JobSnapshot, PipelinePhase, PipelineResult } from '@noticias/contract';
import type { PhaseReport, Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import { JobCancelledError, JobFailedError, ShutdownError, type JobFailureType } from '../errors/api-errors.ts';
import { describeFailure } from '../internal/describe-failure.ts';
import type { Logger } from '../logger.ts';
import { pipelineInput, sourceText, summarizeResult, type JobInput } from './job-input.ts';
import type { RunnerTicket } from './job-runner.ts';
import type { ResultStore, StoredResult } from './result-store.ts';

export interface JobFinishedEvent {
  kind: JobKind;
  status: 'completed' | 'failed';
  durationMs: number;
  failure?: JobFailureType;
}

/** Hooks for metrics; called synchronously, must not throw. */
export interface JobObserver {
  onJobFinished?(event: JobFinishedEvent): void;
}

export type JobOutcome = { ok: true; job: JobSnapshot; result: PipelineResult } | { ok: false; error: JobFailedError };

export interface ExecuteOptions {
  /** The job is already `processing` (a re-run): no start transition. */
  resume: boolean;
  /** A shutdown leaves the job as it is (the queue re-runs it) instead of failing it. */
  requeueOnShutdown: boolean;
}

const LOCAL_RUN: ExecuteOptions = { resume: false, requeueOnShutdown: false };

export interface JobExecutorDeps {
  tracker: JobTracker;
  pipeline: Pipeline;
  logger: Logger;
  asyncThreshold: number;
  results: ResultStore;
  now: () => number;
  observer?: JobObserver;
}

export interface JobExecutor {
  /**
   * Runs a created job with its runner ticket and records its way to a final state: start,
   * each phase's progress, the result, then `completed` or `failed`. Never rejects but for a
   * shutdown with `requeueOnShutdown` (the job stays as it is for the queue).
   */
  execute(ticket: RunnerTicket, created: JobSnapshot, input: JobInput, how?: ExecuteOptions): Promise<JobOutcome>;
}

/**
 * Tracker writes after a job's end can fail legitimately (the job expired, the tracker is
 * closing); they must never surface as unhandled rejections.
 */
export async function safeWrite(
  log: Logger,
  what: string,
  write: () => Promise<JobSnapshot>,
): Promise<JobSnapshot | undefined> {
  try {
    return await write();
  } catch (error) {
    log.warn({ err: error }, `tracker ${what} failed`);
    return undefined;
  }
}

/** Also answers the tracker's cancel requests for the jobs it runs. */
export function createJobExecutor(deps: JobExecutorDeps): JobExecutor {
  const { tracker, pipeline, logger, asyncThreshold, results, now, observer } = deps;
  // The runner tickets of this process's unfinished jobs, for cancel requests.
  const tickets = new Map<string, RunnerTicket>();
  // A job stays here until its final state is written: a cancel that comes too late to stop
  // it is still this process's to answer (the job ends as its run ended).
  tracker.onCancelRequest((jobId) => {
    const ticket = tickets.get(jobId);
    ticket?.cancel(new JobCancelledError());
    return ticket !== undefined;
  });

  // A result that could not be kept (a shared store that is down) costs `getResult` its answer,
  // never the job: the tracker still records it as completed.
  async function keepResult(log: Logger, jobId: string, value: StoredResult): Promise<void> {
    try {
      await results.put(jobId, value);
    } catch (error) {
      log.warn({ err: error }, 'result not kept');
    }
  }

  async function execute(
    ticket: RunnerTicket,
    created: JobSnapshot,
    input: JobInput,
    how: ExecuteOptions = LOCAL_RUN,
  ): Promise<JobOutcome> {
    const jobId = created.job_id;
    const log = logger.child({ job_id: jobId });
    const startedAt = now();
    const state = { phase: null as PipelinePhase | null, finished: false, writes: Promise.resolve() };

    // Progress writes are chained so they reach the tracker in order and before the final write.
    const onPhase = (report: PhaseReport): void => {
      if (state.finished) return;
      state.phase = report.phase;
      log.debug({ phase: report.phase, percentage: report.percentage }, 'job phase');
      const update = {
        percentage: report.percentage,
        message: report.message,
        phase: report.phase,
        phase_index: report.index,
        phase_count: report.count,
      };
      state.writes = state.writes.then(async () => {
        await safeWrite(log, 'progress', () => tracker.progress(jobId, update));
      });
    };

    tickets.set(jobId, ticket);
    try {
      const result = await ticket.run(async (signal) => {
        if (how.resume) log.warn({ kind: input.kind }, 'job taken over from a stopped worker');
        else await tracker.start(jobId);
        log.info({ kind: input.kind }, 'job started');
        return pipeline.run(pipelineInput(input, jobId, asyncThreshold), { signal, onPhase });
      });
      state.finished = true;
      // Kept before the job turns `completed`, so whoever sees that state can read the result;
      // kept while the last progress writes are still on their way, which it does not depend on.
      const kept = keepResult(log, jobId, { result, text: sourceText(input) });
      await state.writes;
      await kept;
      const job = await safeWrite(log, 'complete', () => tracker.complete(jobId, summarizeResult(result)));
      tickets.delete(jobId);
      const durationMs = now() - startedAt;
      observer?.onJobFinished?.({ kind: input.kind, status: 'completed', durationMs });
      log.info({ duration_ms: durationMs }, 'job completed');
      return { ok: true, result, job: job ?? (await tracker.get(jobId).catch(() => undefined)) ?? created };
    } catch (error) {
      state.finished = true;
      await state.writes;
      if (how.requeueOnShutdown && error instanceof ShutdownError) {
        tickets.delete(jobId);
        log.warn({ phase: state.phase }, 'job handed back to the queue');
        throw error;
      }
      const failure = describeFailure(error, state.phase);
      const durationMs = now() - startedAt;
      const fields = { err: error, tipo: failure.tipo, fase: failure.fase, duration_ms: durationMs };
      if (failure.tipo === 'cancelled') log.info(fields, 'job cancelled');
      else if (failure.tipo === 'shutdown' || failure.tipo === 'timeout') log.warn(fields, 'job failed');
      else log.error(fields, 'job failed');
      await safeWrite(log, 'fail', () => tracker.fail(jobId, failure));
      tickets.delete(jobId);
      observer?.onJobFinished?.({ kind: input.kind, status: 'failed', durationMs, failure: failure.tipo });
      return {
        ok: false,
        error: new JobFailedError(jobId, failure.tipo, failure.fase, failure.mensaje, { cause: error }),
      };
    }
  }

  return { execute };
}
