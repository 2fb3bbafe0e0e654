import { Queue, QueueEvents, WaitingError, Worker, type Job } from 'bullmq';

// The work itself goes through BullMQ: a job's input to a worker process (which takes it with a
// lock it keeps renewing, so that a worker that dies leaves a stalled job BullMQ hands to another),
// and its result back to a process waiting for it (QueueEvents). BullMQ jobs carry the tracker's
// job id, and BullMQ keeps finished ones by age and count, as the tracker keeps its jobs.

export interface WorkQueueOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Key prefix of the deployment (BullMQ's keys go under `<prefix>:bull`). */
  prefix: string;
  /** Queue name (default `jobs`). */
  name?: string;
}

export interface WorkQueueRetention {
  /** Finished BullMQ jobs (inputs and results) are removed after this long... */
  retentionMs: number;
  /** ...or when more than this many are kept. */
  maxKept: number;
}

export type WorkOutcome<R> = { state: 'completed'; value: R } | { state: 'failed'; reason: string };

export interface WorkItem<R> {
  /** Resolves when the job finishes, or with `undefined` once `timeoutMs` passes first. */
  finished(timeoutMs: number): Promise<WorkOutcome<R> | undefined>;
}

export interface WorkQueue<P, R> {
  add(id: string, payload: P): Promise<WorkItem<R>>;
  /** Jobs waiting for a worker. */
  waitingCount(): Promise<number>;
  /** Removes a job no worker holds (waiting); false when it is locked by one, or gone. */
  remove(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface WorkConsumerOptions<P, R> extends WorkQueueOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
  process(id: string, payload: P): Promise<R>;
  /** An error `process` throws to hand the job back to the queue rather than fail it (a shutdown). */
  isRequeue(error: unknown): boolean;
  /** How long a worker's lock on a job lasts without renewal (BullMQ's default 30 s). */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (BullMQ's default 30 s). */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) and still be re-run (default 2). */
  maxStalledCount?: number;
  /** BullMQ gave up on a job (stalled too often, or `process` threw). */
  onFailed?(id: string, error: Error): void;
  onError?(error: Error): void;
}

export interface WorkConsumer {
  /** Stops taking jobs and resolves once the running ones are done (or handed back). */
  close(): Promise<void>;
}

const DEFAULT_NAME = 'jobs';
const bullPrefix = (prefix: string) => `${prefix}:bull`;

export async function createWorkQueue<P, R>(options: WorkQueueOptions & WorkQueueRetention): Promise<WorkQueue<P, R>> {
  const name = options.name ?? DEFAULT_NAME;
  const connection = { url: options.url, maxRetriesPerRequest: 2 };
  const keep = { age: Math.max(1, Math.ceil(options.retentionMs / 1000)), count: Math.max(1, options.maxKept) };
  const queue = new Queue<P, R>(name, {
    connection,
    prefix: bullPrefix(options.prefix),
    defaultJobOptions: { attempts: 1, removeOnComplete: keep, removeOnFail: keep },
  });
  const events = new QueueEvents(name, {
    connection: { url: options.url, maxRetriesPerRequest: null },
    prefix: bullPrefix(options.prefix),
  });
  // Every waiting submission listens on both ('closing' on the queue in BullMQ's
  // waitUntilFinished, 'removed' here) until its job ends: their number is the load, not a leak.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  // Reconnection attempts while Redis is down come as 'error' events; the failed calls report it.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  try {
    await queue.waitUntilReady();
    await events.waitUntilReady();
  } catch (error) {
    await Promise.allSettled([queue.close(), events.close()]);
    throw error;
  }

  return {
    async add(id, payload) {
      const job = (await queue.add(name as never, payload as never, { jobId: id })) as Job<P, R>;
      return {
        async finished(timeoutMs) {
          // A job removed before any worker took it (a cancel) never finishes in BullMQ's sense.
          let onRemoved: ((args: { jobId: string }) => void) | undefined;
          const removed = new Promise<WorkOutcome<R>>((resolve) => {
            onRemoved = ({ jobId }) => {
              if (jobId === id) resolve({ state: 'failed', reason: 'removed' });
            };
            events.on('removed', onRemoved);
          });
          const ran = (async (): Promise<WorkOutcome<R> | undefined> => {
            try {
              return { state: 'completed', value: (await job.waitUntilFinished(events, timeoutMs)) as R };
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              // BullMQ's own wording for a wait that ran out, as opposed to a failed job.
              if (/timed out before finishing/.test(message)) return undefined;
              return { state: 'failed', reason: message };
            }
          })();
          try {
            return await Promise.race([ran, removed]);
          } finally {
            if (onRemoved) events.off('removed', onRemoved);
          }
        },
      };
    },
    waitingCount: () => queue.getWaitingCount(),
    async remove(id) {
      return (await queue.remove(id)) === 1;
    },
    async close() {
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

export async function createWorkConsumer<P, R>(options: WorkConsumerOptions<P, R>): Promise<WorkConsumer> {
  const worker = new Worker<P, R>(
    options.name ?? DEFAULT_NAME,
    async (job: Job<P, R>, token?: string) => {
      try {
        return await options.process(job.id ?? '', job.data);
      } catch (error) {
        if (!options.isRequeue(error)) throw error;
        // Back to `wait` under the lock this worker holds; BullMQ then leaves it there.
        await job.moveToWait(token);
        throw new WaitingError();
      }
    },
    {
      connection: { url: options.url, maxRetriesPerRequest: null },
      prefix: bullPrefix(options.prefix),
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) => {
    if (job?.id) options.onFailed?.(job.id, error);
  });
  worker.on('error', (error) => options.onError?.(error));
  await worker.waitUntilReady();
  void worker
    .run()
    .catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))));
  return {
    close: () => worker.close(),
  };
}
