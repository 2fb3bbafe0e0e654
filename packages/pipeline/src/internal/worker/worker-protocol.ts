import type { MessagePort } from 'node:worker_threads';
import type { PipelinePhase } from '@noticias/contract';
import type { PhaseInput } from '../../extractor.ts';
import type { PhaseReport, PipelineInput } from '../../pipeline.ts';
import type { PipelineErrorCode } from '../../pipeline-error.ts';

/** What every worker thread is started with (piscina's `workerData`). */
export interface WorkerSettings {
  nice: number;
}

/** A whole run (phase reports come back on `port`), or one offline phase for the LLM's fallback. */
export type WorkerTask =
  { kind: 'run'; input: PipelineInput; port: MessagePort } | { kind: 'phase'; phase: PipelinePhase; input: PhaseInput };

// Errors do not survive structured cloning with their fields, so failures travel as data.
export type WorkerReply =
  { ok: true; value: unknown } | { ok: false; code: PipelineErrorCode; message: string; phase: PipelinePhase | null };

export type PortMessage = { type: 'phase'; report: PhaseReport } | { type: 'done' };
