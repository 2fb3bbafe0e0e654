import type { PipelinePhase } from '@noticias/contract';
import type { Extractor, PhaseInput, PhaseOutputs, PhaseResult } from './extractor.ts';
import {
  createOfflineTools,
  runExtraction,
  runNormalisation,
  runQuotesAndData,
  runTriage,
  type OfflineTools,
} from './internal/offline/offline-phases.ts';

type Handlers = { [P in PipelinePhase]: (input: PhaseInput, signal?: AbortSignal) => PhaseOutputs[P] };

function handlers(tools: OfflineTools): Handlers {
  return {
    triaje: (input) => runTriage(input, tools),
    extraccion: (input, signal) => runExtraction(input, tools, signal),
    citas_datos: (input, signal) => runQuotesAndData(input, tools, signal),
    normalizacion: (input) => runNormalisation(input, tools),
  };
}

/**
 * The default extractor: rules and word lists, deterministic, no network. Its lookup tables and
 * regexes are built here once and shared read-only by every run.
 */
export function createOfflineExtractor(): Extractor {
  const phases = handlers(createOfflineTools());
  return {
    kind: 'offline',
    async runPhase<P extends PipelinePhase>(phase: P, input: PhaseInput, signal?: AbortSignal): Promise<PhaseResult<P>> {
      signal?.throwIfAborted();
      const run = phases[phase] as (input: PhaseInput, signal?: AbortSignal) => PhaseOutputs[P];
      return { value: run(input, signal), warnings: [] };
    },
  };
}
