import type { AppRouter } from '@noticias/api';
import type { JobSnapshot, JobStatus } from '@noticias/contract';
import type { TRPCClient } from '@trpc/client';
import {
  ConnectionLostError,
  JobFailedError,
  JobNotFoundError,
  toJobError,
  WaitTimeoutError,
} from '../client-errors.ts';
import type { JobHelpers, WaitForJobOptions, WatchJobOptions } from '../create-client.ts';
import { iterateSubscription, type SubscriptionSink } from './subscription-iterable.ts';

// Kept local rather than imported from the contract so the client's runtime carries no zod.
const isFinal = (status: JobStatus): boolean => status === 'completed' || status === 'failed';

interface Deadline {
  signal: AbortSignal;
  dispose(): void;
}

/** A signal that aborts with the caller's reason, or with `onTimeout()` after `timeoutMs`. */
function deadline(timeoutMs: number | undefined, signal: AbortSignal | undefined, onTimeout: () => Error): Deadline {
  const controller = new AbortController();
  const forward = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(onTimeout()), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    },
  };
}

/**
 * Watches the connection state and fails the subscription once it has been down (connecting,
 * reconnecting) for `giveUpAfterMs` straight.
 */
function connectionWatchdog(
  jobId: string,
  giveUpAfterMs: number | undefined,
  sink: SubscriptionSink<unknown>,
): { onState(state: { state: string; error: unknown }): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastError: unknown;
  const stop = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    onState({ state, error }) {
      if (giveUpAfterMs === undefined) return;
      if (error) lastError = error;
      if (state !== 'connecting') {
        stop();
        return;
      }
      timer ??= setTimeout(
        () => sink.error(new ConnectionLostError(jobId, giveUpAfterMs, { cause: lastError })),
        giveUpAfterMs,
      );
    },
    stop,
  };
}

export function createJobHelpers(trpc: TRPCClient<AppRouter>): JobHelpers {
  async function* watchJob(jobId: string, options: WatchJobOptions = {}): AsyncGenerator<JobSnapshot, void, undefined> {
    const events = iterateSubscription<{ id: string; data: JobSnapshot }>((sink) => {
      const watchdog = connectionWatchdog(jobId, options.giveUpAfterMs, sink);
      const subscription = trpc.onStatus.subscribe(
        { jobId, lastEventId: options.lastEventId ?? null },
        {
          onData: (event) => sink.next(event),
          onError: (error) => sink.error(toJobError(error, jobId)),
          onComplete: () => sink.complete(),
          onConnectionStateChange: (state) => watchdog.onState(state),
        },
      );
      watchdog.onState({ state: 'connecting', error: null });
      return {
        unsubscribe() {
          watchdog.stop();
          subscription.unsubscribe();
        },
      };
    }, options.signal);
    for await (const event of events) {
      yield event.data;
      // The server ends the stream here too; leaving now frees the connection without waiting for it.
      if (isFinal(event.data.status)) return;
    }
  }

  async function waitWithin(
    jobId: string,
    options: WaitForJobOptions,
    signal: AbortSignal,
    seen: { last?: JobSnapshot },
  ) {
    for await (const snapshot of watchJob(jobId, { ...options, signal })) {
      seen.last = snapshot;
      options.onUpdate?.(snapshot);
      if (snapshot.status === 'completed') return snapshot;
      if (snapshot.status === 'failed') throw new JobFailedError(snapshot);
    }
    // The stream ended without a final state: the job was removed (expired) meanwhile.
    throw new JobNotFoundError(jobId);
  }

  async function waitForJob(jobId: string, options: WaitForJobOptions = {}): Promise<JobSnapshot> {
    const seen: { last?: JobSnapshot } = {};
    const limit = deadline(
      options.timeoutMs,
      options.signal,
      () => new WaitTimeoutError(jobId, options.timeoutMs ?? 0, seen.last),
    );
    try {
      return await waitWithin(jobId, options, limit.signal, seen);
    } catch (error) {
      // Whatever the aborted call threw, the reason (timeout, caller's abort) is the news.
      if (limit.signal.aborted) throw limit.signal.reason;
      throw error;
    } finally {
      limit.dispose();
    }
  }

  async function submitAndWait(
    submit: (signal: AbortSignal) => Promise<{ job: JobSnapshot }>,
    options: WaitForJobOptions,
  ): Promise<JobSnapshot> {
    const seen: { last?: JobSnapshot; jobId?: string } = {};
    const limit = deadline(
      options.timeoutMs,
      options.signal,
      () => new WaitTimeoutError(seen.jobId ?? '', options.timeoutMs ?? 0, seen.last),
    );
    try {
      const { job } = await submit(limit.signal);
      seen.jobId = job.job_id;
      return await waitWithin(job.job_id, options, limit.signal, seen);
    } catch (error) {
      if (limit.signal.aborted) throw limit.signal.reason;
      throw error;
    } finally {
      limit.dispose();
    }
  }

  return {
    watchJob,
    waitForJob,
    submitArticleAndWait: (articulo, options = {}) =>
      submitAndWait((signal) => trpc.processArticle.mutate({ articulo, mode: 'async' }, { signal }), options),
    submitFragmentAndWait: (fragmento, options = {}) =>
      submitAndWait((signal) => trpc.processFragment.mutate({ fragmento, mode: 'async' }, { signal }), options),
  };
}
