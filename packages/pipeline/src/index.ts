export { createPipeline } from './create-pipeline.ts';
export { runPipeline, type RunPipelineOptions } from './run-pipeline.ts';
export { createOfflineExtractor } from './create-offline-extractor.ts';
export { createLlmExtractor, type LlmExtractorConfig } from './create-llm-extractor.ts';
export { PipelineError, type PipelineErrorCode } from './pipeline-error.ts';
export { lowerThreadPriority } from './internal/worker/lower-thread-priority.ts';
export type { ExtractorConfig, PhaseReport, Pipeline, PipelineInput, PipelineOptions, RunOptions } from './pipeline.ts';
export type {
  Extractor,
  NormalisationOutput,
  PhaseInput,
  PhaseOutputs,
  PhaseResult,
  PipelineDocument,
} from './extractor.ts';
