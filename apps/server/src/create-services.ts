import { createPipeline, type Pipeline } from '@noticias/pipeline';
import { createMemoryJobTracker, type JobTracker, type MemoryJobTrackerOptions } from '@noticias/tracker';
import type { ServerConfig } from './config.ts';

export interface Services {
  tracker: JobTracker;
  pipeline: Pipeline;
}

/**
 * The long-lived domain services for a configuration: the in-memory tracker with the configured
 * limits and the pipeline with the configured extractor and worker pool. main.ts, the tests and
 * the benchmarks all build them here, so a new setting is wired once. The caller closes them.
 */
export function createServices(config: ServerConfig, trackerOptions: MemoryJobTrackerOptions = {}): Services {
  const tracker = createMemoryJobTracker({
    limits: {
      retentionMs: config.jobRetentionMs,
      maxStored: config.jobMaxStored,
      timeoutMs: config.jobTimeoutMs,
      sweepIntervalMs: config.jobCleanupIntervalMs,
    },
    ...trackerOptions,
  });
  const pipeline = createPipeline({
    extractor: config.extractor,
    workers: config.pipelineWorkers,
    workerNice: config.pipelineWorkerNice,
  });
  return { tracker, pipeline };
}
