import { isTerminalStatus, type JobSnapshot, type PipelineResult } from '@noticias/contract';
import type { JobTracker } from '@noticias/tracker';
import { JobFailedError, ServiceUnavailableError, type JobFailureType } from '../errors/api-errors.ts';
import type { Logger } from '../logger.ts';
import { runsInBackground, type JobInput } from './job-input.ts';
import type { JobQueue } from './job-queue.ts';
import type { JobRunner } from './job-runner.ts';
import type { ResultStore } from './result-store.ts';
import { safeWrite } from './job-executor.ts';
import type { SubmitOptions, Submission } from './submission.ts';

const FINAL_STATE_WAIT_MS = 10_000;

/** The job once it has its final state, or as it stands after `waitMs`. */
async function finalState(tracker: JobTracker, jobId: string, waitMs: number): Promise<JobSnapshot | undefined> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), waitMs);
  try {
    for await (const event of tracker.subscribe(jobId, { signal: stop.signal })) {
      if (isTerminalStatus(event.snapshot.status)) return event.snapshot;
    }
  } catch {
    // Aborted, or the job is gone: what the tracker has now is the answer.
  } finally {
    clearTimeout(timer);
  }
  return tracker.get(jobId);
}

/** What a queued submission needs from the job service that makes it. */
export interface QueuedSubmissionDeps {
  queue: JobQueue;
  tracker: JobTracker;
  /** Not run here: its `queueMax` and `retryAfterSeconds` apply to the shared queue. */
  runner: JobRunner;
  logger: Logger;
  asyncThreshold: number;
  /** Where the worker keeps a full result before the job turns `completed`. */
  results: ResultStore;
  /** How long a `wait` submission waits for a worker to finish the job. */
  waitMs: number;
  refuseWhenStopping(): void;
  /** Creates the job in the tracker for its owner (capacity and stopping errors mapped). */
  create(input: JobInput, owner: string | null): Promise<JobSnapshot>;
  /** The submission answer's `read_token` for the job. */
  issueReadToken(jobId: string): string;
  /** Keeps a promise in the service's in-flight set until it settles. */
  track<T>(promise: Promise<T>): Promise<T>;
}

/**
 * A submission that a worker process runs (`ROLE=api`): the job is created in the shared
 * tracker and its input queued; a waiting caller gets the full result through the queue and
 * the job's error, if it failed, from the tracker, exactly as if it had run here.
 */
export async function submitQueued<R extends PipelineResult>(
  deps: QueuedSubmissionDeps,
  input: JobInput,
  owner: string | null,
  submitOptions: SubmitOptions,
  onCreated?: (job: JobSnapshot) => void,
): Promise<Submission<R>> {
  const { queue, tracker, runner } = deps;
  deps.refuseWhenStopping();
  if ((await queue.waitingCount()) >= runner.stats().queueMax) {
    throw new ServiceUnavailableError('queue_full', runner.retryAfterSeconds());
  }
  const created = await deps.create(input, owner);
  const jobId = created.job_id;
  const read_token = deps.issueReadToken(jobId);
  onCreated?.(created);
  const background = runsInBackground(input, submitOptions.mode, deps.asyncThreshold);
  let queued;
  try {
    queued = await deps.track(queue.enqueue(jobId, input, { awaited: !background }));
  } catch (error) {
    // Never leave a `pending` job that no worker will ever see.
    await safeWrite(deps.logger.child({ job_id: jobId }), 'fail', () =>
      tracker.fail(jobId, { tipo: 'internal_error', mensaje: 'No se pudo encolar el job', fase: null }),
    );
    throw error;
  }
  if (background) return { mode: 'async', job: created, read_token };
  // Not tracked: the job runs elsewhere, so a stopping api process need not wait for it.
  const outcome = await queued.finished(deps.waitMs);
  // The queue's word and the tracker's events reach this process by different ways: the job can
  // still read as running here once the queue says it finished, and a job taken out of the
  // queue (a cancel) ends there before its final state is written. Either way, its final state.
  let job = await tracker.get(jobId);
  if (outcome && !(job && isTerminalStatus(job.status))) job = await finalState(tracker, jobId, FINAL_STATE_WAIT_MS);
  if (job?.status === 'completed') {
    // The queue's word can fail where the job did not (its event connection lost across a Redis
    // restart): then the result the worker kept before completing is the answer.
    const result = (outcome?.ok ? outcome.result : null) ?? (await deps.results.get(jobId))?.result;
    if (result) return { mode: 'wait', job, result: result as R, read_token };
  }
  const error = job?.error;
  if (error) throw new JobFailedError(jobId, error.tipo as JobFailureType, error.fase, error.mensaje);
  throw new JobFailedError(jobId, 'timeout', null, 'El job no terminó en el tiempo de espera');
}
