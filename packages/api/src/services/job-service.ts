import {
  JOB_ID_PATTERN,
  type Article,
  type ArticleResult,
  type Fragment,
  type FragmentResult,
  type JobEvent,
  type JobKind,
  type JobSnapshot,
  type PipelinePhase,
  type PipelineResult,
} from '@noticias/contract';
import type { PhaseReport, Pipeline } from '@noticias/pipeline';
import {
  TrackerError,
  type JobPage,
  type JobTracker,
  type ListJobsOptions,
  type SubscribeAllOptions,
  type SubscribeOptions,
  type TrackerStats,
} from '@noticias/tracker';
import {
  IdempotencyConflictError,
  JobCancelledError,
  JobFailedError,
  JobFinishedError,
  JobNotFoundError,
  ServiceUnavailableError,
  ShutdownError,
  type JobFailureType,
} from '../errors/api-errors.ts';
import { describeFailure } from '../internal/describe-failure.ts';
import {
  jobMetadata,
  pipelineInput,
  runsInBackground,
  sourceText,
  summarizeResult,
  type JobInput,
} from './job-input.ts';
import type { Logger } from '../logger.ts';
import type { JobRunner, RunnerStats, RunnerTicket } from './job-runner.ts';
import type { EnqueueOptions, JobQueue, QueuedOutcome } from './job-queue.ts';
import { submitQueued } from './queued-submission.ts';
import { inputFingerprint } from './idempotency-key.ts';
import type { IdempotencyStore, IdempotentAnswer } from './idempotency-store.ts';
import { createResultStore, type ResultStore, type StoredResult } from './result-store.ts';
import {
  jobReadFilter,
  jobWriteFilter,
  LOCAL_CALLER,
  ownerFilter,
  submissionOwner,
  type Caller,
} from '../access/caller.ts';
import { createReadTokens, type ReadTokens } from '../access/read-tokens.ts';

/** `auto`: wait unless the content is longer than the async threshold; `wait` / `async` force it. */
export type SubmitMode = 'auto' | 'wait' | 'async';

export interface SubmitOptions {
  mode?: SubmitMode;
  /** Who submits: the job is recorded as theirs. Default: LOCAL_CALLER (no owner). */
  caller?: Caller;
  /**
   * The caller's `Idempotency-Key` (already checked with `isValidIdempotencyKey`): a retry with
   * the same input answers what the first request answered, without a second job. Keys are
   * scoped to the submitting API key, so two keys never see each other's answers.
   */
  idempotencyKey?: string;
}

/**
 * `wait`: the job ran to completion and the full result tree is here. `async`: accepted, running
 * in the background. `read_token`: a signed read-only token for this job (`?access_token=`).
 */
export type Submission<R extends PipelineResult> = (
  | { mode: 'wait'; job: JobSnapshot; result: R; read_token: string }
  | { mode: 'async'; job: JobSnapshot; read_token: string }
) & {
  /** True when this answers an earlier request with the same idempotency key. */
  replayed?: boolean;
};

export interface ServiceStats {
  jobs: TrackerStats;
  runner: RunnerStats;
  accepting: boolean;
  asyncThreshold: number;
}

/** `result` and `text` are null when the job has not completed or its result is no longer kept. */
export interface JobResultView {
  job: JobSnapshot;
  result: PipelineResult | null;
  /** The text the result's offsets point into. */
  text: string | null;
}

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

export interface JobServiceOptions {
  tracker: JobTracker;
  pipeline: Pipeline;
  runner: JobRunner;
  logger: Logger;
  /** ASYNC_PROCESSING_THRESHOLD, in characters. */
  asyncThreshold: number;
  now?: () => number;
  observer?: JobObserver;
  /** Signs the submissions' read tokens. Default: a random secret, valid in this process only. */
  readTokens?: ReadTokens;
  /** Where idempotency keys are remembered; without one, keys are ignored. */
  idempotency?: IdempotencyStore;
  /** Where full result trees are kept for `getResult`; a bounded in-process cache by default. */
  results?: ResultStore;
  /**
   * True while the process is too loaded to take new work (the server measures event-loop
   * delay): every submission is then refused with SERVICE_UNAVAILABLE, whatever the transport.
   */
  isOverloaded?: () => boolean;
  /**
   * Set when other processes run the jobs (`ROLE=api`): submissions are queued there instead of
   * run here, and a waiting caller gets the result from the queue.
   */
  queue?: JobQueue;
  /**
   * How long a `wait` submission waits for a queued job (default 21 minutes): the job's own
   * timeout, counted from its start, fails it; this bounds the wait for one that never starts.
   */
  queuedWaitMs?: number;
}

/** Long enough for a lag spike to pass, short enough for a client to come back soon. */
const OVERLOADED_RETRY_AFTER_SECONDS = 5;

export interface JobService {
  readonly asyncThreshold: number;
  submitArticle(article: Article, options?: SubmitOptions): Promise<Submission<ArticleResult>>;
  submitFragment(fragment: Fragment, options?: SubmitOptions): Promise<Submission<FragmentResult>>;
  // Reads take the caller (default LOCAL_CALLER: every job). A job the caller may not see is
  // answered exactly like an unknown one; a read token asking for anything but its job's status
  // gets AccessDeniedError.
  /** Rejects with `JobNotFoundError` for unknown or expired ids. */
  getStatus(jobId: string, caller?: Caller): Promise<JobSnapshot>;
  /**
   * Stops a pending or processing job: it ends `failed` with `tipo: 'cancelled'` and the phase
   * it was in. Resolves with the job as it stands once the stop is under way. Rejects with
   * `JobNotFoundError` (also for another owner's job), `JobFinishedError` when it already has its
   * final state, `AccessDeniedError` for a read token.
   */
  cancelJob(jobId: string, caller?: Caller): Promise<JobSnapshot>;
  /** The job and, once completed and while still kept, its full result tree. Rejects as `getStatus`. */
  getResult(jobId: string, caller?: Caller): Promise<JobResultView>;
  listJobs(options?: Omit<ListJobsOptions, 'owner'>, caller?: Caller): Promise<JobPage>;
  /** The job's changes, as `JobTracker.subscribe` yields them (live status subscriptions). */
  watch(jobId: string, options?: Omit<SubscribeOptions, 'owner'>, caller?: Caller): AsyncIterable<JobEvent>;
  /** Every job's changes, as `JobTracker.subscribeAll` yields them. */
  watchAll(options?: Omit<SubscribeAllOptions, 'owner'>, caller?: Caller): AsyncIterable<JobEvent>;
  stats(caller?: Caller): Promise<ServiceStats>;
  /**
   * Refuses new submissions, fails queued jobs, lets running ones finish for up to `graceMs`,
   * then fails what is left (`tipo: 'shutdown'`). Resolves when every job has a final state.
   */
  shutdown(options: { graceMs: number }): Promise<void>;
  /**
   * Runs a job another process created and queued (`ROLE=worker`). A job found `processing` was
   * taken by a worker that died: it runs again from the start. Rejects with `ShutdownError`
   * when the service stops before it finishes, leaving the job `processing` for the queue to
   * hand to another worker. The result tree is in the outcome only when `awaited` (it is in
   * the result store either way).
   */
  runQueued(jobId: string, input: JobInput, options: EnqueueOptions): Promise<QueuedOutcome>;
}

/** A stream that fails on its first read, as the tracker's own streams do for unknown jobs. */
function refused(error: unknown): AsyncIterable<JobEvent> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(error instanceof Error ? error : new Error(String(error))),
      return: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
}

type Outcome = { ok: true; job: JobSnapshot; result: PipelineResult } | { ok: false; error: JobFailedError };

interface ExecuteOptions {
  /** The job is already `processing` (a re-run): no start transition. */
  resume: boolean;
  /** A shutdown leaves the job as it is (the queue re-runs it) instead of failing it. */
  requeueOnShutdown: boolean;
}

const DEFAULT_QUEUED_WAIT_MS = 21 * 60_000;

const LOCAL_RUN: ExecuteOptions = { resume: false, requeueOnShutdown: false };

export function createJobService(options: JobServiceOptions): JobService {
  const { tracker, pipeline, runner, logger, asyncThreshold, observer, queue } = options;
  const results = options.results ?? createResultStore();
  const now = options.now ?? Date.now;
  const readTokens = options.readTokens ?? createReadTokens({ ttlMs: 24 * 3_600_000, now });
  const inflight = new Set<Promise<unknown>>();
  // The runner tickets of this process's unfinished jobs, for cancel requests.
  const tickets = new Map<string, RunnerTicket>();
  // A job stays here until its final state is written: a cancel that comes too late to stop
  // it is still this process's to answer (the job ends as its run ended).
  tracker.onCancelRequest((jobId) => {
    const ticket = tickets.get(jobId);
    ticket?.cancel(new JobCancelledError());
    return ticket !== undefined;
  });
  let accepting = true;
  let stopping: Promise<void> | null = null;

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const forget = (): void => {
      inflight.delete(promise);
    };
    void promise.then(forget, forget);
    return promise;
  }

  function refuseWhenStopping(): void {
    if (!accepting) throw new ServiceUnavailableError('shutting_down', runner.retryAfterSeconds());
  }

  // Tracker writes after a job's end can fail legitimately (the job expired, the tracker is
  // closing); they must never surface as unhandled rejections.
  async function safeWrite(
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
  ): Promise<Outcome> {
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

  async function create(input: JobInput, owner: string | null): Promise<JobSnapshot> {
    try {
      return await tracker.create({ kind: input.kind, metadata: jobMetadata(input), owner });
    } catch (error) {
      if (error instanceof TrackerError && error.code === 'CAPACITY_EXCEEDED') {
        throw new ServiceUnavailableError('store_full', runner.retryAfterSeconds(), { cause: error });
      }
      if (error instanceof TrackerError && error.code === 'TRACKER_CLOSED') {
        throw new ServiceUnavailableError('shutting_down', runner.retryAfterSeconds(), { cause: error });
      }
      throw error;
    }
  }

  async function replay<R extends PipelineResult>(answer: IdempotentAnswer): Promise<Submission<R>> {
    const job = (await tracker.get(answer.job.job_id).catch(() => undefined)) ?? answer.job;
    const read_token = readTokens.issue(job.job_id);
    if (answer.mode === 'async') return { mode: 'async', job, read_token, replayed: true };
    if ('error' in answer) throw answer.error;
    return { mode: 'wait', job, result: answer.result as R, read_token, replayed: true };
  }

  /** Idempotency keys live in the submitting owner's space (no owner: one shared space). */
  function scopedKey(key: string, owner: string | null): string {
    return owner === null ? `-:${key}` : `k:${owner}:${key}`;
  }

  /**
   * The first request of a key submits and records its answer (async: once the job exists;
   * wait: once it has its outcome); later ones with the same input get that answer, waiting for
   * it if need be. A first request that creates no job (503) releases the key.
   */
  async function submitOnce<R extends PipelineResult>(
    input: JobInput,
    key: string,
    submitOptions: SubmitOptions,
  ): Promise<Submission<R>> {
    const store = options.idempotency!;
    const fingerprint = inputFingerprint(input);
    const scoped = scopedKey(key, submissionOwner(submitOptions.caller ?? LOCAL_CALLER));
    for (;;) {
      const claim = await store.claim(scoped, fingerprint);
      if (claim.status === 'existing') {
        if (claim.fingerprint !== fingerprint) throw new IdempotencyConflictError();
        const answer = await claim.answer;
        if (answer) return replay<R>(answer);
        continue;
      }
      let created: JobSnapshot | undefined;
      try {
        const submission = await submit<R>(input, submitOptions, (job) => {
          created = job;
        });
        await store.record(scoped, submission);
        return submission;
      } catch (error) {
        if (created) await store.record(scoped, { mode: 'wait', job: created, error });
        else await store.release(scoped);
        throw error;
      }
    }
  }

  const queued = queue && {
    queue,
    tracker,
    runner,
    logger,
    asyncThreshold,
    waitMs: options.queuedWaitMs ?? DEFAULT_QUEUED_WAIT_MS,
    refuseWhenStopping,
    create: (input: JobInput, owner: string | null) => track(create(input, owner)),
    issueReadToken: (jobId: string) => readTokens.issue(jobId),
    track,
    safeWrite,
  };

  async function submit<R extends PipelineResult>(
    input: JobInput,
    submitOptions: SubmitOptions,
    onCreated?: (job: JobSnapshot) => void,
  ): Promise<Submission<R>> {
    const owner = submissionOwner(submitOptions.caller ?? LOCAL_CALLER);
    refuseWhenStopping();
    if (options.isOverloaded?.()) throw new ServiceUnavailableError('overloaded', OVERLOADED_RETRY_AFTER_SECONDS);
    if (queued) return submitQueued<R>(queued, input, owner, submitOptions, onCreated);
    // The place in the runner is taken before the job exists: a full queue refuses the
    // submission instead of leaving an orphan `pending` job.
    const ticket = runner.reserve();
    let created: JobSnapshot;
    try {
      created = await track(create(input, owner));
    } catch (error) {
      ticket.release();
      throw error;
    }
    onCreated?.(created);
    const outcome = track(execute(ticket, created, input));
    const readToken = readTokens.issue(created.job_id);
    if (runsInBackground(input, submitOptions.mode, asyncThreshold)) {
      const job = await tracker.get(created.job_id).catch(() => undefined);
      return { mode: 'async', job: job ?? created, read_token: readToken };
    }
    const done = await outcome;
    if (!done.ok) throw done.error;
    // The pipeline returns the article tree for articles and the fragment tree for fragments.
    return { mode: 'wait', job: done.job, result: done.result as R, read_token: readToken };
  }

  function route<R extends PipelineResult>(input: JobInput, submitOptions: SubmitOptions): Promise<Submission<R>> {
    const key = submitOptions.idempotencyKey;
    return key !== undefined && options.idempotency
      ? submitOnce<R>(input, key, submitOptions)
      : submit<R>(input, submitOptions);
  }

  async function getStatus(jobId: string, caller: Caller = LOCAL_CALLER): Promise<JobSnapshot> {
    const filter = jobReadFilter(caller, jobId);
    const job = filter && JOB_ID_PATTERN.test(jobId) ? await tracker.get(jobId, filter) : undefined;
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  async function cancelJob(jobId: string, caller: Caller = LOCAL_CALLER): Promise<JobSnapshot> {
    const filter = jobWriteFilter(caller);
    const job = JOB_ID_PATTERN.test(jobId) ? await tracker.get(jobId, filter) : undefined;
    if (!job) throw new JobNotFoundError(jobId);
    if (job.status === 'completed' || job.status === 'failed') throw new JobFinishedError(jobId, job.status);
    // A queued job no worker has taken leaves the queue at once; one taken is relayed to its worker.
    const dequeued = job.status === 'pending' && queue !== undefined && (await queue.remove(jobId));
    if (dequeued || !(await tracker.requestCancel(jobId))) {
      // Nobody runs or queues it (its runner is gone): record the end here.
      try {
        await tracker.fail(jobId, describeFailure(new JobCancelledError(), job.progress.phase ?? null));
      } catch (error) {
        if (!(error instanceof TrackerError) || error.code !== 'INVALID_TRANSITION') throw error;
        const now = await getStatus(jobId);
        if (now.status === 'completed' || now.status === 'failed') throw new JobFinishedError(jobId, now.status);
        throw error;
      }
    }
    return getStatus(jobId);
  }

  return {
    asyncThreshold,
    submitArticle: (article, submitOptions = {}) => route<ArticleResult>({ kind: 'articulo', article }, submitOptions),
    submitFragment: (fragment, submitOptions = {}) =>
      route<FragmentResult>({ kind: 'fragmento', fragment }, submitOptions),
    getStatus,
    cancelJob,
    async getResult(jobId, caller = LOCAL_CALLER) {
      const job = await getStatus(jobId, caller);
      const stored = job.status === 'completed' ? await results.get(jobId) : undefined;
      return { job, result: stored?.result ?? null, text: stored?.text ?? null };
    },
    listJobs: async (listOptions = {}, caller = LOCAL_CALLER) =>
      tracker.list({ ...listOptions, owner: ownerFilter(caller) }),
    watch(jobId, watchOptions = {}, caller = LOCAL_CALLER) {
      const filter = jobReadFilter(caller, jobId);
      return filter ? tracker.subscribe(jobId, { ...watchOptions, ...filter }) : refused(new JobNotFoundError(jobId));
    },
    watchAll(watchOptions = {}, caller = LOCAL_CALLER) {
      let owner: string | undefined;
      try {
        owner = ownerFilter(caller);
      } catch (error) {
        return refused(error);
      }
      return tracker.subscribeAll({ ...watchOptions, owner });
    },
    async stats(caller = LOCAL_CALLER) {
      const jobs = await tracker.stats({ owner: ownerFilter(caller) });
      return { jobs, runner: runner.stats(), accepting, asyncThreshold };
    },
    async runQueued(jobId, input, { awaited }) {
      if (!accepting) throw new ShutdownError();
      const current = await tracker.get(jobId);
      // Gone (expired) or already finished: a duplicate delivery, nothing to run.
      if (!current || (current.status !== 'pending' && current.status !== 'processing')) return { ok: false };
      const ticket = runner.reserve();
      const done = await track(
        execute(ticket, current, input, { resume: current.status === 'processing', requeueOnShutdown: true }),
      );
      if (!done.ok) return { ok: false };
      return { ok: true, result: awaited ? done.result : null };
    },
    shutdown({ graceMs }) {
      stopping ??= (async () => {
        accepting = false;
        const reason = new ShutdownError();
        runner.stop(reason);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([runner.whenIdle(), grace]);
        clearTimeout(timer);
        runner.abortRunning(reason);
        await runner.whenIdle();
        // Jobs whose creation was in flight when the stop began join the set late.
        while (inflight.size > 0) await Promise.allSettled([...inflight]);
        logger.info({}, 'job service stopped');
      })();
      return stopping;
    },
  };
}
