import type { JobSnapshot } from '@noticias/contract';

const DEFAULT_BAR_WIDTH = 24;

/** `[######..................]  25% Fase 2/4: extracción de hechos y entidades` */
export function renderProgressBar(snapshot: Pick<JobSnapshot, 'progress'>, width = DEFAULT_BAR_WIDTH): string {
  const percentage = Math.min(100, Math.max(0, Math.round(snapshot.progress.percentage)));
  const filled = Math.round((percentage / 100) * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${bar} ${String(percentage).padStart(3)}% ${snapshot.progress.message}`;
}

/**
 * One line per step, for logs and pipes where redrawing is noise: a line when the status or
 * the phase changes, not for every update within a phase.
 */
export function stepKey(snapshot: Pick<JobSnapshot, 'status' | 'progress'>): string {
  return `${snapshot.status}:${snapshot.progress.phase ?? ''}`;
}

/** Cuts a line to the terminal's width so that `\r` redraws stay on one row. */
export function fitToWidth(line: string, columns: number | undefined): string {
  if (!columns || line.length < columns) return line;
  return `${line.slice(0, Math.max(0, columns - 2))}…`;
}
