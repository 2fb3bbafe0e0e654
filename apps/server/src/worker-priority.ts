import { lowerThreadPriority } from '@noticias/pipeline';
import type { ServerConfig } from './config.ts';

/**
 * A worker process without extraction threads (the ROLE=worker default) extracts on its main
 * thread: that thread takes the nice value the threads would have had (PIPELINE_WORKER_NICE), so
 * the api processes and Redis beside it get the CPU first, as an api's event loop gets it before
 * extraction threads. Changes the calling thread for good: only a process entry calls it.
 * Returns the thread's nice value afterwards, or null when nothing applies.
 */
export function lowerWorkerPriority(config: ServerConfig): number | null {
  if (config.role !== 'worker' || config.pipelineWorkers !== 0) return null;
  return lowerThreadPriority(config.pipelineWorkerNice);
}
