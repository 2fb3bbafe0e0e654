import type { JobService } from '@noticias/api';
import type { Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import type { FastifyInstance } from 'fastify';

export interface StopServerDeps {
  app: FastifyInstance;
  jobs: JobService;
  pipeline: Pipeline;
  tracker: JobTracker;
  graceMs: number;
  /** A worker's BullMQ consumer: stops taking jobs first, then waits for the running ones. */
  consumer?: { close(): Promise<void> } | undefined;
  closeShared?: (() => Promise<void>) | undefined;
}

/**
 * The graceful stop, in the order that leaves no job `processing`: refuse new submissions (503)
 * while status reads go on, give running jobs `graceMs`, fail the rest, then close HTTP, the
 * pipeline's workers and the tracker. Logs the final job counts.
 */
export async function stopServer(deps: StopServerDeps): Promise<void> {
  const { app, jobs, pipeline, tracker, graceMs, consumer } = deps;
  app.log.info({ grace_ms: graceMs }, 'stopping: new submissions refused');
  // The consumer stops fetching at once; its running jobs end within the grace, or are aborted
  // by the shutdown and handed back to the queue, which lets its close() resolve.
  const consumerClosed = consumer?.close();
  await jobs.shutdown({ graceMs });
  await consumerClosed;
  const stats = await tracker.stats();
  app.log.info({ jobs: stats.counts }, 'jobs settled');
  await closeServices({ app, pipeline, tracker, closeShared: deps.closeShared });
  app.log.info({}, 'server stopped');
}

/** Closes HTTP first (no new calls reach the rest), then the pipeline's threads, then the tracker. */
export async function closeServices({
  app,
  pipeline,
  tracker,
  closeShared,
}: Pick<StopServerDeps, 'app' | 'pipeline' | 'tracker' | 'closeShared'>): Promise<void> {
  await app.close();
  await pipeline.close();
  await tracker.close();
  await closeShared?.();
}
