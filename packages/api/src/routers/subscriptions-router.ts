import { JobStatusSchema, type JobEvent } from '@noticias/contract';
import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { mapError } from '../errors/error-map.ts';
import { MappedTRPCError } from '../errors/trpc-errors.ts';
import { publicProcedure, router, shareByInput } from '../trpc.ts';

// Errors thrown while a subscription streams never pass through the procedure middleware, so
// they are mapped here; unmapped they would reach the client as INTERNAL_SERVER_ERROR, which
// httpSubscriptionLink retries forever.
function toStreamError(error: unknown): TRPCError {
  return error instanceof TRPCError ? error : new MappedTRPCError(mapError(error), error);
}

const OnStatusInput = z.object({
  jobId: z.string().max(200),
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/)
    .nullish(),
});

// onJobs yields the tracker's events as they are.
const jobOfEvent = (event: unknown): string => (event as JobEvent).snapshot.job_id;

export const subscriptionsRouter = router({
  /**
   * The job's current snapshot, then every change, each as `tracked(String(seq), snapshot)`;
   * ends after the final state. A reconnecting client sends the last id it got as
   * `lastEventId` (httpSubscriptionLink does) and receives exactly what it missed, also when the
   * job finished meanwhile. Unknown ids: NOT_FOUND before anything is sent.
   */
  onStatus: publicProcedure
    .input(OnStatusInput)
    // Every subscriber of a job gets the same events (the current snapshot, then each change),
    // whoever asks: the subscribers of one job may share one stream.
    .meta({
      fast: {
        immutableOutput: true,
        share: shareByInput(OnStatusInput, (input) => ({ key: input.jobId, lastEventId: input.lastEventId ?? null })),
      },
    })
    .subscription(async function* ({ ctx, input, signal }) {
      const afterSeq = input.lastEventId == null ? undefined : Number(input.lastEventId);
      const events = ctx.jobs.watch(input.jobId, { afterSeq, signal }, ctx.caller)[Symbol.asyncIterator]();
      try {
        await ctx.jobs.getStatus(input.jobId, ctx.caller);
        for (;;) {
          const next = await events.next();
          if (next.done) return;
          yield tracked(String(next.value.seq), next.value.snapshot);
        }
      } catch (error) {
        if (signal?.aborted) return;
        throw toStreamError(error);
      } finally {
        // Releases the tracker listener at once, also when the client left mid-wait.
        await events.return?.();
      }
    }),

  /**
   * Every change of every job (or of jobs in one status) as `{ seq, snapshot }`, from the moment
   * of subscribing, for dashboards; there is no replay, so a dashboard that reconnects reloads
   * with `listJobs`.
   */
  onJobs: publicProcedure
    .input(z.object({ status: JobStatusSchema.optional() }).optional())
    // A dashboard that falls behind skips progress, never a job's final state (as the tracker's feed does).
    .meta({ fast: { immutableOutput: true, latestPer: jobOfEvent } })
    .subscription(async function* ({ ctx, input, signal }) {
      const events = ctx.jobs.watchAll({ status: input?.status, signal }, ctx.caller)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await events.next();
          if (next.done) return;
          yield next.value;
        }
      } catch (error) {
        if (signal?.aborted) return;
        throw toStreamError(error);
      } finally {
        await events.return?.();
      }
    }),
});
