import { createOfflineExtractor } from '../../create-offline-extractor.ts';
import { PipelineError } from '../../pipeline-error.ts';
import { runPipeline } from '../../run-pipeline.ts';
import { lowerThreadPriority } from './lower-thread-priority.ts';
import type { PortMessage, WorkerReply, WorkerSettings, WorkerTask } from './worker-protocol.ts';

/** The task handler of one worker thread; its extractor is built once and kept for the thread's life. */
export function createWorkerHandler(settings: WorkerSettings): (task: WorkerTask) => Promise<WorkerReply> {
  lowerThreadPriority(settings.nice);
  const extractor = createOfflineExtractor();
  return async (task) => {
    try {
      if (task.kind === 'phase') {
        return { ok: true, value: await extractor.runPhase(task.phase, task.input) };
      }
      const post = (message: PortMessage): void => task.port.postMessage(message);
      const result = await runPipeline(task.input, { extractor, onPhase: (report) => post({ type: 'phase', report }) });
      return { ok: true, value: result };
    } catch (error) {
      if (error instanceof PipelineError)
        return { ok: false, code: error.code, message: error.message, phase: error.phase };
      return {
        ok: false,
        code: 'PIPELINE_FAILED',
        message: error instanceof Error ? error.message : String(error),
        phase: null,
      };
    } finally {
      if (task.kind === 'run') {
        task.port.postMessage({ type: 'done' } satisfies PortMessage);
        task.port.close();
      }
    }
  };
}
