import type { PipelinePhase } from '@noticias/contract';
import type { Extractor, PhaseInput, PhaseOutputs, PhaseResult, PipelineDocument } from './extractor.ts';
import {
  createOfflineTools,
  runExtraction,
  runNormalisation,
  runQuotesAndData,
  runTriage,
  type OfflineTools,
} from './internal/offline/offline-phases.ts';
import { DocumentMemo } from './internal/offline/text-analysis.ts';

type Handler<P extends PipelinePhase> = (
  input: PhaseInput,
  memo: DocumentMemo,
  signal?: AbortSignal,
) => PhaseOutputs[P];
type Handlers = { [P in PipelinePhase]: Handler<P> };

function handlers(tools: OfflineTools): Handlers {
  return {
    triaje: (input, memo) => runTriage(input, tools, memo),
    extraccion: (input, memo, signal) => runExtraction(input, tools, memo, signal),
    citas_datos: (input, memo, signal) => runQuotesAndData(input, tools, memo, signal),
    normalizacion: (input, memo) => runNormalisation(input, tools, memo),
  };
}

/**
 * The default extractor: rules and word lists, deterministic, no network. Its lookup tables and
 * regexes are built here once and shared read-only by every run.
 */
export function createOfflineExtractor(): Extractor {
  const tools = createOfflineTools();
  const phases = handlers(tools);
  // The phases of one run share their document object, so work they have in common (sentences,
  // words, dates) is done once per document and dropped with it. A phase called with a new
  // document, as in a worker or when run alone, works everything out itself.
  const memos = new WeakMap<PipelineDocument, DocumentMemo>();
  return {
    kind: 'offline',
    async runPhase<P extends PipelinePhase>(
      phase: P,
      input: PhaseInput,
      signal?: AbortSignal,
    ): Promise<PhaseResult<P>> {
      signal?.throwIfAborted();
      let memo = memos.get(input.document);
      if (!memo) {
        memo = new DocumentMemo(input.document, tools.lexicon);
        memos.set(input.document, memo);
      }
      const run = phases[phase] as Handler<P>;
      return { value: run(input, memo, signal), warnings: [] };
    },
  };
}
