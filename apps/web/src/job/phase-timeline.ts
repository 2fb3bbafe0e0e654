import type { JobSnapshot, PipelinePhase } from '@noticias/client';
import { PHASES } from '../labels.ts';

export type StepState = 'pending' | 'running' | 'done' | 'failed';

export interface PhaseStep {
  key: PipelinePhase;
  label: string;
  state: StepState;
  /** 100 once done; while running, the job's overall percentage (phases report only when they start). */
  percentage: number;
  message: string;
  /** Time spent in the phase so far or in all, ms; null when not seen. */
  durationMs: number | null;
}

/** Server times (`updated_at`) at which the page saw each phase start, and when the job ended. */
export interface PhaseTimes {
  starts: Partial<Record<PipelinePhase, number>>;
  endedAt: number | null;
}

export function recordSnapshot(times: PhaseTimes, snapshot: JobSnapshot): PhaseTimes {
  const at = Date.parse(snapshot.updated_at);
  const phase = snapshot.progress.phase;
  const starts = phase && times.starts[phase] === undefined ? { ...times.starts, [phase]: at } : times.starts;
  const ended = snapshot.status === 'completed' || snapshot.status === 'failed';
  return { starts, endedAt: ended ? (times.endedAt ?? at) : null };
}

/**
 * The four phases as steps. `measured` (seconds per phase, from the result's
 * `metricas.tiempos_fases`) wins over what the page saw, which misses phases that ran before
 * it connected.
 */
export function phaseSteps(
  snapshot: JobSnapshot | undefined,
  times: PhaseTimes,
  now: number,
  measured?: Partial<Record<string, number>>,
): PhaseStep[] {
  const status = snapshot?.status ?? 'pending';
  const current = snapshot?.progress.phase;
  const currentIndex = current ? PHASES.findIndex((p) => p.key === current) : -1;
  const failedPhase = snapshot?.error?.fase ?? null;
  return PHASES.map(({ key, label }, index) => {
    let state: StepState;
    if (status === 'completed') state = 'done';
    else if (status === 'failed')
      state =
        failedPhase === key ? 'failed' : index < PHASES.findIndex((p) => p.key === failedPhase) ? 'done' : 'pending';
    else if (index < currentIndex) state = 'done';
    else if (index === currentIndex) state = 'running';
    else state = 'pending';

    const start = times.starts[key];
    const nextStart = PHASES.slice(index + 1)
      .map((p) => times.starts[p.key])
      .find((t) => t !== undefined);
    const end = nextStart ?? times.endedAt ?? (state === 'running' ? now : undefined);
    const seconds = measured?.[`fase${index + 1}`];
    const durationMs =
      typeof seconds === 'number'
        ? seconds * 1000
        : start !== undefined && end !== undefined
          ? Math.max(0, end - start)
          : null;

    const percentage = state === 'done' ? 100 : state === 'running' && snapshot ? snapshot.progress.percentage : 0;
    const message =
      state === 'running' && snapshot
        ? snapshot.progress.message
        : state === 'done'
          ? 'Completada'
          : state === 'failed'
            ? 'Falló'
            : 'Pendiente';
    return { key, label, state, percentage, message, durationMs };
  });
}
