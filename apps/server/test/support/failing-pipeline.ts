import { PipelineError, type Pipeline } from '@noticias/pipeline';

/**
 * The real pipeline, made to fail as it enters `phase` (the failure mode of a crashed run). The
 * internal message must never reach a caller; tests look for it in what they receive.
 */
export function failingAt(
  phase: 'extraccion',
  internalMessage = 'connection reset by 10.0.0.7',
): (real: Pipeline) => Pipeline {
  return (real) => ({
    run: (input, runOptions) =>
      new Promise((resolve, reject) => {
        real
          .run(input, {
            ...runOptions,
            onPhase(report) {
              runOptions?.onPhase?.(report);
              if (report.phase === phase) reject(new PipelineError('PIPELINE_FAILED', internalMessage, phase));
            },
          })
          .then(resolve, reject);
      }),
    close: () => real.close(),
  });
}
