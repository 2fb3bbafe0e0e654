import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { PipelinePhase, PipelineResult } from '@noticias/contract';
import type { Extractor, PhaseInput, PhaseResult } from '../../extractor.ts';
import type { PipelineInput, RunOptions } from '../../pipeline.ts';
import { PipelineError } from '../../pipeline-error.ts';
import type { PortMessage, WorkerReply, WorkerSettings, WorkerTask } from './worker-protocol.ts';

export interface WorkerPool {
  run(input: PipelineInput, options?: RunOptions): Promise<PipelineResult>;
  /** The offline extractor, one phase per task, for the LLM extractor's fallback. */
  offlineExtractor(): Extractor;
  close(): Promise<void>;
}

/** The `exports` condition that resolves workspace packages to their TypeScript sources. */
const SOURCE_CONDITION = '--conditions=@noticias/source';

/**
 * Where the threads start. Compiled (this module is `.js` under `dist/`), they load the emitted
 * `worker-thread.js` with plain Node. From the sources (vitest, tsx), they load a JavaScript entry
 * that registers tsx, and need the source condition: a thread resolves `@noticias/contract` with
 * Node's own resolver, which would otherwise pick the compiled `dist/`, absent before a build.
 */
function workerEntry(): { filename: string; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { filename: new URL('./worker-thread.js', import.meta.url).href };
  const execArgv = process.execArgv.includes(SOURCE_CONDITION)
    ? process.execArgv
    : [...process.execArgv, SOURCE_CONDITION];
  return { filename: new URL('./worker-entry.js', import.meta.url).href, execArgv };
}

export function createWorkerPool(size: number, options: { nice: number }): WorkerPool {
  // Threads start with the pool so the first job does not pay for loading the pipeline.
  const piscina = new Piscina<WorkerTask, WorkerReply>({
    ...workerEntry(),
    minThreads: size,
    maxThreads: size,
    workerData: { nice: options.nice } satisfies WorkerSettings,
  });
  let closed = false;

  function failure(error: unknown, signal: AbortSignal | undefined, phase: PipelinePhase | null): PipelineError {
    if (error instanceof PipelineError) return error;
    if (signal?.aborted)
      return new PipelineError(
        'PIPELINE_ABORTED',
        `Procesamiento cancelado${phase ? ` en la fase ${phase}` : ''}`,
        phase,
        { cause: error },
      );
    if (closed)
      return new PipelineError('PIPELINE_CLOSED', 'El pipeline se cerró durante el procesamiento', phase, {
        cause: error,
      });
    return new PipelineError('WORKER_CRASHED', 'El hilo de procesamiento terminó inesperadamente', phase, {
      cause: error,
    });
  }

  function checkOpen(signal: AbortSignal | undefined): void {
    if (closed) throw new PipelineError('PIPELINE_CLOSED', 'El pipeline está cerrado');
    if (signal?.aborted)
      throw new PipelineError('PIPELINE_ABORTED', 'Procesamiento cancelado antes de empezar', null, {
        cause: signal.reason,
      });
  }

  async function run(input: PipelineInput, options: RunOptions = {}): Promise<PipelineResult> {
    const { signal, onPhase } = options;
    checkOpen(signal);
    const { port1, port2 } = new MessageChannel();
    let phase: PipelinePhase | null = null;
    // Reports and the task's reply travel on different channels; waiting for "done" makes sure
    // every report has been delivered before the run resolves.
    const drained = new Promise<void>((resolve) => {
      port1.on('message', (message: PortMessage) => {
        if (message.type === 'done') return resolve();
        phase = message.report.phase;
        try {
          onPhase?.(message.report);
        } catch {
          // A failing progress listener must not fail the run.
        }
      });
      port1.once('close', resolve);
    });
    try {
      const reply = await piscina.run({ kind: 'run', input, port: port2 }, { transferList: [port2], signal });
      await drained;
      if (!reply.ok) throw new PipelineError(reply.code, reply.message, reply.phase);
      return reply.value as PipelineResult;
    } catch (error) {
      throw failure(error, signal, phase);
    } finally {
      port1.close();
    }
  }

  const extractor: Extractor = {
    kind: 'offline',
    async runPhase<P extends PipelinePhase>(
      phase: P,
      input: PhaseInput,
      signal?: AbortSignal,
    ): Promise<PhaseResult<P>> {
      checkOpen(signal);
      try {
        const reply = await piscina.run({ kind: 'phase', phase, input }, { signal });
        if (!reply.ok) throw new PipelineError(reply.code, reply.message, phase);
        return reply.value as PhaseResult<P>;
      } catch (error) {
        throw failure(error, signal, phase);
      }
    },
  };

  return {
    run,
    offlineExtractor: () => extractor,
    async close() {
      if (closed) return;
      closed = true;
      // A worker terminated for an aborted task reports its exit only later, and if that comes
      // after destroy() piscina starts a replacement to keep minThreads: a thread loading
      // the pipeline for nobody, holding the process open ~0.4 s after a graceful stop.
      piscina.options.minThreads = 0;
      await piscina.destroy();
    },
  };
}
