import type { PipelineResult } from '@noticias/contract';
import { createLlmExtractor } from './create-llm-extractor.ts';
import { createOfflineExtractor } from './create-offline-extractor.ts';
import type { Extractor } from './extractor.ts';
import { createWorkerPool, type WorkerPool } from './internal/worker/worker-pool.ts';
import type { Pipeline, PipelineInput, PipelineOptions, RunOptions } from './pipeline.ts';
import { PipelineError } from './pipeline-error.ts';
import { runPipeline } from './run-pipeline.ts';

const MAX_NICE = 19;

/**
 * The pipeline the API runs jobs through.
 * - offline, workers > 0: each run goes whole to a worker thread; phase reports and aborts cross
 *   the thread boundary, and the calling thread's event loop stays free.
 * - llm: the run stays on the calling thread (it waits on HTTP); phases that fall back to the
 *   offline extractor run in the pool when there is one.
 * - workers = 0: everything inline on the calling thread: for a process whose event loop answers
 *   no polls (the server's ROLE=worker default), tests and tiny deployments.
 * `workerNice` lowers the workers' CPU priority below the calling thread's: when the cores are
 * all busy, the event loop that answers status polls gets one first (README, Performance).
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  if (!Number.isInteger(options.workers) || options.workers < 0) {
    throw new RangeError(`workers must be a non-negative integer, got ${options.workers}`);
  }
  const nice = options.workerNice ?? 0;
  if (!Number.isInteger(nice) || nice < 0 || nice > MAX_NICE) {
    throw new RangeError(`workerNice must be an integer from 0 to ${MAX_NICE}, got ${nice}`);
  }
  const pool: WorkerPool | null = options.workers > 0 ? createWorkerPool(options.workers, { nice }) : null;
  const config = options.extractor;
  let inline: Extractor | null = null;
  switch (config.kind) {
    case 'offline':
      inline = pool ? null : createOfflineExtractor();
      break;
    case 'llm':
      inline = createLlmExtractor({ ...config, fallback: pool ? pool.offlineExtractor() : createOfflineExtractor() });
      break;
  }
  let closed = false;

  return {
    async run(input: PipelineInput, runOptions: RunOptions = {}): Promise<PipelineResult> {
      if (closed) throw new PipelineError('PIPELINE_CLOSED', 'El pipeline está cerrado');
      if (inline) return runPipeline(input, { ...runOptions, extractor: inline });
      return pool!.run(input, runOptions);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool?.close();
    },
  };
}
