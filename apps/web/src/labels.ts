import type { JobStatus, PipelinePhase } from '@noticias/client';

export const STATUS_LABELS: Record<JobStatus, string> = {
  pending: 'En cola',
  processing: 'Procesando',
  completed: 'Completado',
  failed: 'Fallido',
};

export const STATUSES: readonly JobStatus[] = ['pending', 'processing', 'completed', 'failed'];

/** The pipeline's four phases in order, as the server names them in `progress.phase`. */
export const PHASES: readonly { key: PipelinePhase; label: string }[] = [
  { key: 'triaje', label: 'Triaje' },
  { key: 'extraccion', label: 'Extracción de hechos y entidades' },
  { key: 'citas_datos', label: 'Citas y datos' },
  { key: 'normalizacion', label: 'Normalización' },
];

export function phaseLabel(phase: PipelinePhase | undefined): string {
  return PHASES.find((p) => p.key === phase)?.label ?? '';
}

const timeFormat = new Intl.DateTimeFormat('es-ES', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
