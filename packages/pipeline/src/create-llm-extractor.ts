import OpenAI from 'openai';
import type { PipelinePhase } from '@noticias/contract';
import { createOfflineExtractor } from './create-offline-extractor.ts';
import type { Extractor, PhaseInput, PhaseOutputs, PhaseResult } from './extractor.ts';
import {
  llmExtraction,
  llmNormalisation,
  llmQuotesAndData,
  llmTriage,
  type Ask,
  type LlmPhaseOutput,
} from './internal/llm/llm-phases.ts';
import { SYSTEM_PROMPT } from './internal/llm/llm-prompts.ts';

export interface LlmExtractorConfig {
  /** An OpenAI-compatible API root, e.g. `https://api.groq.com/openai/v1` or `http://127.0.0.1:8080/v1`. */
  baseURL: string;
  model: string;
  apiKey: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Retries on 408/409/429/5xx and connection errors, with exponential backoff, jitter and `Retry-After`. */
  maxRetries: number;
  /** Longer texts skip the model and use the fallback (default 24,000 characters). */
  maxInputChars?: number;
  /** Runs a phase the model could not (default: a new offline extractor). */
  fallback?: Extractor;
}

const DEFAULT_MAX_INPUT_CHARS = 24_000;
const FENCE = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/;

type LlmHandlers = {
  [P in PipelinePhase]: (input: PhaseInput, ask: Ask, signal?: AbortSignal) => Promise<LlmPhaseOutput<PhaseOutputs[P]>>;
};
const HANDLERS: LlmHandlers = {
  triaje: llmTriage,
  extraccion: llmExtraction,
  citas_datos: llmQuotesAndData,
  normalizacion: llmNormalisation,
};

const reason = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Extraction through any OpenAI-compatible chat-completions endpoint, with our own prompt per
 * phase. Retries, backoff and `Retry-After` are the official SDK's; a phase that still fails (or
 * whose answer is not the JSON we asked for) is done by the fallback extractor, and says so.
 * It is I/O-bound and runs on the calling thread.
 */
export function createLlmExtractor(config: LlmExtractorConfig): Extractor {
  const client = new OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
  const fallback = config.fallback ?? createOfflineExtractor();
  const maxChars = config.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;

  const ask: Ask = async (prompt, signal) => {
    const completion = await client.chat.completions.create(
      {
        model: config.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: prompt },
        ],
      },
      { signal },
    );
    const content = completion.choices[0]?.message?.content;
    if (!content) throw new Error('respuesta del modelo vacía');
    try {
      return JSON.parse(FENCE.exec(content)?.[1] ?? content) as unknown;
    } catch {
      throw new Error('respuesta del modelo que no es JSON válido');
    }
  };

  async function runPhase<P extends PipelinePhase>(
    phase: P,
    input: PhaseInput,
    signal?: AbortSignal,
  ): Promise<PhaseResult<P>> {
    signal?.throwIfAborted();
    let why: string;
    if (input.document.text.length > maxChars) {
      why = `texto de ${input.document.text.length} caracteres, por encima del límite de ${maxChars} para el modelo`;
    } else {
      try {
        const handler = HANDLERS[phase] as (
          input: PhaseInput,
          ask: Ask,
          signal?: AbortSignal,
        ) => Promise<LlmPhaseOutput<PhaseOutputs[P]>>;
        return await handler(input, ask, signal);
      } catch (error) {
        // A cancelled run is not a failed phase: no fallback, the caller stops.
        if (signal?.aborted) throw error;
        why = reason(error);
      }
    }
    const result = await fallback.runPhase(phase, input, signal);
    return {
      value: result.value,
      warnings: [`el modelo LLM no completó la fase (${why}); se usó el extractor offline`, ...result.warnings],
    };
  }

  return {
    kind: 'llm',
    runPhase,
    async close() {
      await fallback.close?.();
    },
  };
}
