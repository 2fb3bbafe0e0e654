import { JobStatusSchema } from '@noticias/contract';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

export const jobsRouter = router({
  /** The job's snapshot; NOT_FOUND for unknown or expired ids (a malformed id is unknown too). */
  getStatus: publicProcedure
    .input(z.object({ jobId: z.string().max(200) }))
    // The tracker's snapshots are shared and frozen; the status poll is the hot read.
    .meta({ fast: { immutableOutput: true, direct: true } })
    .query(({ ctx, input }) => ctx.jobs.getStatus(input.jobId, ctx.caller)),
  /**
   * The job and its full result tree with the text its offsets point into; `result` is null
   * until the job completes and once this process no longer keeps it (a bounded cache).
   */
  getResult: publicProcedure
    .input(z.object({ jobId: z.string().max(200) }))
    .query(({ ctx, input }) => ctx.jobs.getResult(input.jobId, ctx.caller)),
  /** Newest first as the tracker orders them; `nextCursor` is null on the last page. */
  listJobs: publicProcedure
    .input(
      z
        .object({
          status: JobStatusSchema.optional(),
          limit: z.number().int().min(1).max(500).optional(),
          cursor: z.string().max(500).nullish(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.jobs.listJobs(input ?? {}, ctx.caller)),
  /**
   * Stops a pending or processing job (it ends `failed`, `error.tipo: 'cancelled'`); returns the
   * job as it stands. NOT_FOUND as getStatus; CONFLICT when it already finished; UNAUTHORIZED for a read token.
   */
  cancelJob: publicProcedure
    .input(z.object({ jobId: z.string().max(200) }))
    .mutation(({ ctx, input }) => ctx.jobs.cancelJob(input.jobId, ctx.caller)),
  stats: publicProcedure.query(({ ctx }) => ctx.jobs.stats(ctx.caller)),
});
