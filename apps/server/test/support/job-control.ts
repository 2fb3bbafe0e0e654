import { PIPELINE_PHASES, type ArticleInput, type JobSnapshot, type PipelinePhase } from '@noticias/contract';
import { PipelineError, type Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import { sampleJson } from './server.ts';

/**
 * The real pipeline's phase reports up to `phase`, then a run that only ends when aborted: a
 * job held deterministically in one phase. Runs reaching another phase than the held one (later
 * jobs) go through to the real pipeline.
 */
export function pipelineHeldIn(real: Pipeline, phase: PipelinePhase, holdRuns = 1): Pipeline & { held: number } {
  const wrapped = {
    held: 0,
    async run(input: Parameters<Pipeline['run']>[0], options: Parameters<Pipeline['run']>[1] = {}) {
      if (wrapped.held >= holdRuns) return real.run(input, options);
      wrapped.held += 1;
      const { signal, onPhase } = options;
      const count = PIPELINE_PHASES.length;
      for (const [i, key] of PIPELINE_PHASES.entries()) {
        onPhase?.({ phase: key, index: i + 1, count, percentage: i * 25, message: `Fase ${i + 1}/${count}` });
        if (key === phase) break;
      }
      return new Promise<never>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new PipelineError('PIPELINE_ABORTED', 'cancelado', phase)), {
          once: true,
        });
      });
    },
    close: () => real.close(),
  };
  return wrapped;
}

/** Resolves with the first snapshot of the job that satisfies `test` (events, no polling). */
export async function untilJob(
  tracker: JobTracker,
  jobId: string,
  test: (job: JobSnapshot) => boolean,
): Promise<JobSnapshot> {
  for await (const event of tracker.subscribe(jobId)) if (test(event.snapshot)) return event.snapshot;
  throw new Error(`job ${jobId} ended without matching`);
}

export const finalState = (tracker: JobTracker, jobId: string) =>
  untilJob(tracker, jobId, (job) => job.status === 'completed' || job.status === 'failed');

export const article = () => sampleJson('articles', '01-presupuestos-es.json') as unknown as ArticleInput;

export const CANCELLED = { tipo: 'cancelled', mensaje: 'Procesamiento cancelado a petición del cliente' } as const;
