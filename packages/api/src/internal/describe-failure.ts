import { jobFailureMessage, type PipelinePhase } from '@noticias/contract';
import { PipelineError } from '@noticias/pipeline';
import { JobCancelledError, JobTimeoutError, ShutdownError, type JobFailureType } from '../errors/api-errors.ts';

export interface FailureDescription {
  tipo: JobFailureType;
  /** Shown to callers in `/status`: a fixed Spanish sentence, never an internal message. */
  mensaje: string;
  fase: PipelinePhase | null;
}

/** Turns whatever ended a run into the job's recorded error. `phase` is the last one reported. */
export function describeFailure(error: unknown, phase: PipelinePhase | null): FailureDescription {
  if (error instanceof JobTimeoutError) return { tipo: 'timeout', mensaje: error.message, fase: phase };
  if (error instanceof JobCancelledError) return { tipo: 'cancelled', mensaje: error.message, fase: phase };
  if (error instanceof ShutdownError) return { tipo: 'shutdown', mensaje: error.message, fase: phase };
  if (error instanceof PipelineError) {
    const fase = error.phase ?? phase;
    switch (error.code) {
      case 'WORKER_CRASHED':
        return { tipo: 'worker_crashed', mensaje: jobFailureMessage('worker_crashed'), fase };
      case 'PIPELINE_CLOSED':
        return { tipo: 'shutdown', mensaje: jobFailureMessage('shutdown', {}, 'pipeline_cerrado'), fase };
      case 'PIPELINE_ABORTED':
      case 'PIPELINE_FAILED':
        return {
          tipo: 'pipeline_error',
          mensaje: fase
            ? jobFailureMessage('pipeline_error', { fase }, 'en_fase')
            : jobFailureMessage('pipeline_error'),
          fase,
        };
    }
  }
  return { tipo: 'internal_error', mensaje: jobFailureMessage('internal_error'), fase: phase };
}
