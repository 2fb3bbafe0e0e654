import type { PipelinePhase } from '@noticias/contract';

export type PipelineErrorCode = 'PIPELINE_ABORTED' | 'PIPELINE_FAILED' | 'WORKER_CRASHED' | 'PIPELINE_CLOSED';

/** A run that could not produce a result at all (a failing phase degrades instead). */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
    readonly phase: PipelinePhase | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
