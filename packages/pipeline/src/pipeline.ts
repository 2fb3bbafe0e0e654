import type { Article, Fragment, PipelinePhase, PipelineResult } from '@noticias/contract';

// The public shape the API package relies on. The pipeline knows nothing of jobs, HTTP or tRPC:
// it turns one input into one result tree and reports which phase it is in.

export type PipelineInput =
  | {
      kind: 'articulo';
      requestId: string;
      article: Article;
      /** ASYNC_PROCESSING_THRESHOLD, echoed in `metricas_contenido`. */
      longArticleThreshold: number;
    }
  | { kind: 'fragmento'; requestId: string; fragment: Fragment };

export interface PhaseReport {
  phase: PipelinePhase;
  /** 1-based. */
  index: number;
  count: number;
  /** 0..100, the share of the run done when this phase starts. */
  percentage: number;
  message: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onPhase?: (report: PhaseReport) => void;
}

export type ExtractorConfig =
  | { kind: 'offline' }
  | {
      kind: 'llm';
      baseURL: string;
      model: string;
      apiKey: string;
      timeoutMs: number;
      maxRetries: number;
    };

export interface PipelineOptions {
  extractor: ExtractorConfig;
  /** Worker threads for CPU-bound extraction; 0 runs inline on the calling thread. */
  workers: number;
  /**
   * Nice value of the worker threads (0-19, default 0), on Linux only: with a higher value,
   * extraction gives the CPU to the calling thread's event loop whenever both want it.
   */
  workerNice?: number;
}

export interface Pipeline {
  /** Resolves with the result tree; failing phases degrade inside it. Rejects with `PipelineError`. */
  run(input: PipelineInput, options?: RunOptions): Promise<PipelineResult>;
  close(): Promise<void>;
}
