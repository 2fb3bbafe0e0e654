import type { JobSnapshot } from '@noticias/contract';
import { describe, expect, it } from 'vitest';
import { fitToWidth, renderProgressBar } from '../src/cli/progress-bar.ts';
import { createProgressReporter } from '../src/cli/progress-reporter.ts';

function snapshot(
  status: JobSnapshot['status'],
  percentage: number,
  message: string,
  phase?: JobSnapshot['progress']['phase'],
): JobSnapshot {
  return {
    job_id: 'req_0123456789abcdef0123456789ab',
    status,
    created_at: '2026-11-30T10:00:00.000Z',
    updated_at: '2026-11-30T10:00:00.000Z',
    progress: { percentage, message, ...(phase ? { phase } : {}) },
  };
}

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, columns: 60, write: (text: string) => void chunks.push(text) } };
}

describe('renderProgressBar', () => {
  it('fills the bar in proportion and keeps the message', () => {
    expect(renderProgressBar(snapshot('processing', 50, 'Fase 3/4: citas'), 10)).toBe(
      '[#####.....]  50% Fase 3/4: citas',
    );
    expect(renderProgressBar(snapshot('pending', 0, 'Job en cola'), 4)).toBe('[....]   0% Job en cola');
    expect(renderProgressBar(snapshot('completed', 100, 'Hecho'), 4)).toBe('[####] 100% Hecho');
  });

  it('clamps and rounds percentages outside 0..100', () => {
    expect(renderProgressBar(snapshot('processing', 140, 'x'), 4)).toBe('[####] 100% x');
    expect(renderProgressBar(snapshot('processing', -3, 'x'), 4)).toBe('[....]   0% x');
    expect(renderProgressBar(snapshot('processing', 33.4, 'x'), 3)).toBe('[#..]  33% x');
  });

  it('cuts lines to the terminal width', () => {
    expect(fitToWidth('abcdefghij', 6)).toBe('abcd…');
    expect(fitToWidth('abc', 6)).toBe('abc');
    expect(fitToWidth('abcdefghij', undefined)).toBe('abcdefghij');
  });
});

describe('createProgressReporter', () => {
  const steps = [
    snapshot('processing', 0, 'Fase 1/4: triaje', 'triaje'),
    snapshot('processing', 25, 'Fase 2/4: extracción', 'extraccion'),
    snapshot('processing', 25, 'Fase 2/4: extracción', 'extraccion'),
    snapshot('processing', 50, 'Fase 3/4: citas', 'citas_datos'),
    snapshot('completed', 100, 'Procesamiento completado exitosamente'),
  ];

  it('prints one line per status or phase change when not on a terminal', () => {
    const { chunks, out } = recorder(false);
    const reporter = createProgressReporter(out);
    for (const step of steps) reporter.update(step);
    reporter.finish();
    const lines = chunks.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines.map((line) => line.slice(line.indexOf('%') + 2))).toEqual([
      'Fase 1/4: triaje',
      'Fase 2/4: extracción',
      'Fase 3/4: citas',
      'Procesamiento completado exitosamente',
    ]);
    expect(chunks.join('')).not.toContain('\r');
  });

  it('redraws one line in place on a terminal and ends it on finish', () => {
    const { chunks, out } = recorder(true);
    const reporter = createProgressReporter(out);
    for (const step of steps) reporter.update(step);
    reporter.finish();
    expect(chunks).toHaveLength(steps.length + 1);
    expect(chunks.slice(0, -1).every((chunk) => chunk.startsWith('\r\x1b[2K') && !chunk.includes('\n'))).toBe(true);
    expect(chunks.at(-1)).toBe('\n');
    expect(chunks.at(-2)).toContain('100% Procesamiento completado');
  });
});
