import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { PipelineMetrics, PipelinePhase, PipelineResult } from '@noticias/contract';
import type { Extractor } from './extractor.ts';
import { toDocument } from './internal/document.ts';
import type { PhaseDefinition, RunState } from './internal/phases/phase-definition.ts';
import { emptyState } from './internal/phases/phase-definition.ts';
import { PHASES } from './internal/phases/phase-list.ts';
import { buildResult } from './internal/result-builder.ts';
import type { PhaseReport, PipelineInput, RunOptions } from './pipeline.ts';
import { PipelineError } from './pipeline-error.ts';

export interface RunPipelineOptions extends RunOptions {
  extractor: Extractor;
}

export function phaseReport(index: number): PhaseReport {
  const phase = PHASES[index]!;
  const count = PHASES.length;
  return {
    phase: phase.key,
    index: index + 1,
    count,
    percentage: Math.round((index / count) * 100),
    message: `Fase ${index + 1}/${count}: ${phase.label}`,
  };
}

const YIELD_AFTER_MS = 4;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function aborted(phase: PipelinePhase | null, signal: AbortSignal, cause?: unknown): PipelineError {
  return new PipelineError('PIPELINE_ABORTED', `Procesamiento cancelado${phase ? ` en la fase ${phase}` : ''}`, phase, {
    cause: cause ?? signal.reason,
  });
}

/**
 * Runs the phases in order on the calling thread. A phase that throws degrades (empty output, a
 * warning, `tasas_exito.faseN: false`) and the run goes on; only an abort rejects.
 */
export async function runPipeline(input: PipelineInput, options: RunPipelineOptions): Promise<PipelineResult> {
  const { extractor, signal, onPhase } = options;
  const started = performance.now();
  const state = emptyState({ document: toDocument(input) });
  const seconds: PipelineMetrics['tiempos_fases'] = { fase1: 0, fase2: 0, fase3: 0, fase4: 0 };
  const success: PipelineMetrics['tasas_exito'] = { fase1: false, fase2: false, fase3: false, fase4: false };
  const warnings: string[] = [];
  let lastYield = started;

  for (const [index, phase] of PHASES.entries()) {
    if (signal?.aborted) throw aborted(phase.key, signal);
    try {
      onPhase?.(phaseReport(index));
    } catch {
      // A failing progress listener must not fail the work it reports on.
    }
    const t0 = performance.now();
    try {
      success[phase.metricKey] = await runPhase(phase, state, extractor, signal, warnings, index);
    } catch (error) {
      if (signal?.aborted) throw aborted(phase.key, signal, error);
      phase.degrade(state, message(error));
      warnings.push(`Fase ${index + 1} (${phase.key}) falló y se omitió: ${message(error)}`);
    }
    const now = performance.now();
    seconds[phase.metricKey] = (now - t0) / 1000;
    // After a long stretch of work, let an abort or a timer be seen before the next phase; short
    // phases skip the hop, which would cost more than they do on small texts.
    if (now - lastYield > YIELD_AFTER_MS) {
      await yieldToLoop();
      lastYield = performance.now();
    }
  }
  if (signal?.aborted) throw aborted(null, signal);
  return buildResult(
    input,
    { state, seconds, success, warnings, totalSeconds: (performance.now() - started) / 1000 },
    randomUUID(),
    new Date(),
  );
}

async function runPhase<P extends PipelinePhase>(
  phase: PhaseDefinition<P>,
  state: RunState,
  extractor: Extractor,
  signal: AbortSignal | undefined,
  warnings: string[],
  index: number,
): Promise<boolean> {
  const result = await extractor.runPhase(phase.key, state.input, signal);
  phase.store(state, result.value);
  for (const w of result.warnings) warnings.push(`Fase ${index + 1} (${phase.key}): ${w}`);
  return true;
}
