import {
  JOB_ID_PATTERN,
  type Article,
  type ArticleResult,
  type Fragment,
  type FragmentResult,
  type JobEvent,
  type JobSnapshot,
  type PipelineResult,
} from '@noticias/contract';
import type { Pipeline } from '@noticias/pipeline';
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
  JobCancelledError,
  JobFinishedError,
  JobNotFoundError,
  ServiceUnavailableError,
  ShutdownError,
} from '../errors/api-errors.ts';
import { describeFailure } from '../internal/describe-failure.ts';
import { jobMetadata, runsInBackground, type JobInput } from './job-input.ts';
import type { Logger } from '../logger.ts';
import type { JobRunner, RunnerStats } from './job-runner.ts';
import type { EnqueueOptions, JobQueue, QueuedOutcome } from './job-queue.ts';
import { createJobExecutor, type JobObserver } from './job-executor.ts';
import { submitQueued } from './queued-submission.ts';
import { submitOnce } from './idempotent-submission.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import { createResultStore, type ResultStore } from './result-store.ts';
import type { SubmitOptions, Submission } from './submission.ts';
import {
  jobReadFilter,
  jobWriteFilter,
  LOCAL_CALLER,
  ownerFilter,
  submissionOwner,
  type Caller,
} from '../access/caller.ts';
import { createReadTokens, type ReadTokens } from '../access/read-tokens.ts';

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

const DEFAULT_QUEUED_WAIT_MS = 21 * 60_000;

export function createJobService(options: JobServiceOptions): JobService {
  const { tracker, pipeline, runner, logger, asyncThreshold, observer, queue } = options;
  const results = options.results ?? createResultStore();
  const now = options.now ?? Date.now;
  const readTokens = options.readTokens ?? createReadTokens({ ttlMs: 24 * 3_600_000, now });
  const executor = createJobExecutor({ tracker, pipeline, logger, asyncThreshold, results, now, observer });
  const inflight = new Set<Promise<unknown>>();
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

  const queued = queue && {
    queue,
    tracker,
    runner,
    logger,
    asyncThreshold,
    results,
    waitMs: options.queuedWaitMs ?? DEFAULT_QUEUED_WAIT_MS,
    refuseWhenStopping,
    create: (input: JobInput, owner: string | null) => track(create(input, owner)),
    issueReadToken: (jobId: string) => readTokens.issue(jobId),
    track,
  };

  const idempotent = options.idempotency && { store: options.idempotency, tracker, readTokens, submit };

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
    const outcome = track(executor.execute(ticket, created, input));
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
    return key !== undefined && idempotent
      ? submitOnce<R>(idempotent, input, key, submitOptions)
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
        executor.execute(ticket, current, input, { resume: current.status === 'processing', requeueOnShutdown: true }),
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
