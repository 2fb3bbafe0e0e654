import { JobTimeoutError, ServiceUnavailableError } from '../errors/api-errors.ts';

export interface JobRunnerOptions {
  /** Jobs running at once (PIPELINE_CONCURRENCY). */
  concurrency: number;
  /** Jobs waiting for a slot (QUEUE_MAX). */
  queueMax: number;
  /** A running task's signal aborts with `JobTimeoutError` after this long (JOB_TIMEOUT_SECONDS). */
  timeoutMs: number;
  now?: () => number;
}

export interface RunnerStats {
  running: number;
  /** Waiting for a slot, reservations included. */
  queued: number;
  concurrency: number;
  queueMax: number;
  accepting: boolean;
  /** Moving average of task durations, the basis of `retryAfterSeconds`. */
  averageRunMs: number;
}

export type RunnerTask<T> = (signal: AbortSignal) => Promise<T>;

/** A place in the runner taken before the job exists, so that creating the job and queueing it cannot race. */
export interface RunnerTicket {
  /**
   * Runs the task when a slot frees. Rejects with the abort reason when the task times out, is
   * aborted, or is cancelled while queued (the task itself may still be unwinding then).
   */
  run<T>(task: RunnerTask<T>): Promise<T>;
  /** Gives the place back without running anything. */
  release(): void;
  /**
   * Stops this ticket's task: a queued one leaves the queue and `run` rejects with `reason`
   * without running it; a running one has its signal aborted with `reason` (its slot frees at
   * once). Returns false when there is nothing left to stop (finished, released).
   */
  cancel(reason: Error): boolean;
}

export interface JobRunner {
  /** Throws `ServiceUnavailableError` when the queue is full or the runner is stopped. */
  reserve(): RunnerTicket;
  stats(): RunnerStats;
  /** How long a refused caller should wait, from the queue depth and recent task durations. */
  retryAfterSeconds(): number;
  /** Refuses new work and cancels every queued task with `reason`; running tasks go on. */
  stop(reason: Error): void;
  /** Aborts every running task with `reason`. */
  abortRunning(reason: Error): void;
  /** Resolves once nothing runs and nothing waits. */
  whenIdle(): Promise<void>;
}

interface Waiting {
  start(): void;
  cancel(reason: Error): void;
}

const INITIAL_AVERAGE_MS = 1000;
const AVERAGE_WEIGHT = 0.2;
const MAX_RETRY_AFTER_SECONDS = 3600;

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { concurrency, queueMax, timeoutMs } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be an integer >= 1');
  if (!Number.isInteger(queueMax) || queueMax < 0) throw new RangeError('queueMax must be an integer >= 0');
  const now = options.now ?? Date.now;

  const queue: Waiting[] = [];
  const running = new Set<AbortController>();
  let reserved = 0;
  let stopReason: { reason: Error } | null = null;
  let averageRunMs = INITIAL_AVERAGE_MS;
  let idleWaiters: (() => void)[] = [];

  function retryAfterSeconds(): number {
    const waiting = queue.length + reserved;
    const seconds = Math.ceil(((waiting / concurrency + 1) * averageRunMs) / 1000);
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
  }

  function checkIdle(): void {
    if (running.size > 0 || queue.length > 0 || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function pump(): void {
    while (running.size < concurrency && queue.length > 0) queue.shift()?.start();
    checkIdle();
  }

  function start<T>(
    task: RunnerTask<T>,
    resolve: (value: T) => void,
    reject: (reason: Error) => void,
  ): AbortController {
    const controller = new AbortController();
    running.add(controller);
    const startedAt = now();
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(timeoutMs)), timeoutMs);
    // The race settles the run as soon as the signal fires, even if the task ignores it, so
    // a stuck pipeline cannot hold a slot or keep a job `processing`.
    const aborted = new Promise<never>((_, rejectAbort) => {
      controller.signal.addEventListener(
        'abort',
        () => {
          const reason: unknown = controller.signal.reason;
          rejectAbort(reason instanceof Error ? reason : new Error(String(reason)));
        },
        { once: true },
      );
    });
    const work = Promise.resolve().then(() => task(controller.signal));
    Promise.race([work, aborted])
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        running.delete(controller);
        averageRunMs += AVERAGE_WEIGHT * (now() - startedAt - averageRunMs);
        pump();
      })
      .catch(() => undefined);
    return controller;
  }

  return {
    reserve() {
      if (stopReason) throw new ServiceUnavailableError('shutting_down', retryAfterSeconds());
      if (running.size + queue.length + reserved >= concurrency + queueMax) {
        throw new ServiceUnavailableError('queue_full', retryAfterSeconds());
      }
      reserved += 1;
      let used = false;
      // What cancel acts on: the queued entry, then the running task's controller.
      let waiting: Waiting | null = null;
      let controller: AbortController | null = null;
      let settled = false;
      const take = (): void => {
        if (used) throw new Error('RunnerTicket used twice');
        used = true;
        reserved -= 1;
      };
      return {
        run<T>(task: RunnerTask<T>): Promise<T> {
          take();
          const outcome = new Promise<T>((resolve, reject) => {
            if (stopReason) {
              reject(stopReason.reason);
              checkIdle();
              return;
            }
            const begin = (): void => {
              waiting = null;
              controller = start(task, resolve, reject);
            };
            if (running.size < concurrency) {
              begin();
              return;
            }
            waiting = { start: begin, cancel: reject };
            queue.push(waiting);
          });
          const done = (): void => {
            settled = true;
          };
          outcome.then(done, done);
          return outcome;
        },
        release() {
          take();
          settled = true;
          checkIdle();
        },
        cancel(reason) {
          if (settled || !used) return false;
          if (waiting) {
            const index = queue.indexOf(waiting);
            if (index >= 0) queue.splice(index, 1);
            const entry = waiting;
            waiting = null;
            entry.cancel(reason);
            checkIdle();
            return true;
          }
          if (controller && !controller.signal.aborted) {
            controller.abort(reason);
            return true;
          }
          return false;
        },
      };
    },
    stats() {
      return {
        running: running.size,
        queued: queue.length + reserved,
        concurrency,
        queueMax,
        accepting: stopReason === null,
        averageRunMs: Math.round(averageRunMs),
      };
    },
    retryAfterSeconds,
    stop(reason) {
      stopReason ??= { reason };
      for (const waiting of queue.splice(0)) waiting.cancel(reason);
      checkIdle();
    },
    abortRunning(reason) {
      for (const controller of running) controller.abort(reason);
    },
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
  };
}
