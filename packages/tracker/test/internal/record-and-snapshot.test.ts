import { describe, expect, it } from 'vitest';
import { PROGRESS_MESSAGES } from '@noticias/contract';
import type { JobRecord } from '../../src/index.ts';
import { buildSnapshot } from '../../src/internal/build-snapshot.ts';
import { createJobRecord, recordFields } from '../../src/internal/compact-job-record.ts';
import { copyProgress } from '../../src/internal/copy-input.ts';
import { completeJob, failJob, newJob, progressJob, startJob, timeoutError } from '../../src/internal/transitions.ts';
import { fragmentMetadata, jobId, resultSummary, T0 } from '../conformance/harness.ts';

const pending = (): JobRecord =>
  createJobRecord({ ...newJob(jobId(1), 'fragmento', fragmentMetadata(), T0), order: 1 });

describe('compact job record', () => {
  it('gives back the fields it was built with', () => {
    const fields = {
      ...recordFields(pending()),
      status: 'completed' as const,
      seq: 3,
      updatedAt: T0 + 90_000,
      startedAt: T0 + 1,
      finishedAt: T0 + 90_000,
      percentage: 100,
      result: resultSummary(),
    };
    expect(recordFields(createJobRecord(fields))).toEqual(fields);
    expect(recordFields(pending())).toMatchObject({ kind: 'fragmento', startedAt: null, finishedAt: null });
  });

  it('keeps only what the status shows', () => {
    const fields = recordFields(pending());
    const stray = createJobRecord({
      ...fields,
      result: resultSummary(),
      error: { tipo: 't', mensaje: 'm', fase: null },
    });
    expect([stray.result, stray.error, stray.progress]).toEqual([null, null, null]);
    const failed = createJobRecord({ ...fields, status: 'failed', error: { tipo: 't', mensaje: 'm', fase: null } });
    expect(failed.error).toEqual({ tipo: 't', mensaje: 'm', fase: null });
    expect(failed.result).toBeNull();
  });

  it('keeps times exact for a job that lives longer than a small integer of milliseconds', () => {
    const long = createJobRecord({ ...recordFields(pending()), updatedAt: T0 + 40 * 86_400_000 });
    expect(long.updatedAt).toBe(T0 + 40 * 86_400_000);
  });
});

describe('transitions', () => {
  it('follow pending -> processing -> completed, each with seq + 1', () => {
    const a = pending();
    const b = startJob(a, T0 + 10);
    const c = progressJob(b, copyProgress({ percentage: 50, message: 'm', phase: 'citas_datos' }, a.id), T0 + 20);
    const d = completeJob(c, resultSummary(), T0 + 30);
    expect([a, b, c, d].map((r) => [r.status, r.seq])).toEqual([
      ['pending', 1],
      ['processing', 2],
      ['processing', 3],
      ['completed', 4],
    ]);
    expect(d).toMatchObject({
      startedAt: T0 + 10,
      finishedAt: T0 + 30,
      updatedAt: T0 + 30,
      percentage: 100,
      progress: null,
    });
    expect(a.status).toBe('pending'); // records are never changed in place
  });

  it('never moves times backwards', () => {
    const started = startJob(pending(), T0 + 100);
    const failed = failJob(started, { tipo: 't', mensaje: 'm', fase: null }, T0);
    expect(failed.finishedAt).toBe(T0 + 100);
    expect(failed.updatedAt).toBe(T0 + 100);
  });

  it('phrases the timeout with the limit in seconds and the current phase', () => {
    const running = progressJob(
      startJob(pending(), T0),
      copyProgress({ percentage: 5, message: 'm', phase: 'triaje' }, 'x'),
      T0,
    );
    expect(timeoutError(running, 600_000)).toEqual({
      tipo: 'timeout',
      mensaje: 'El procesamiento superó el tiempo máximo de 600 segundos',
      fase: 'triaje',
    });
  });
});

describe('buildSnapshot', () => {
  it('shows a processing job with its phase progress and no timing keys', () => {
    const progress = copyProgress(
      { percentage: 25, message: 'Fase 2', phase: 'extraccion', phase_index: 2, phase_count: 4 },
      'x',
    );
    const snapshot = buildSnapshot(progressJob(startJob(pending(), T0 + 1), progress, T0 + 2));
    expect(snapshot).toEqual({
      job_id: jobId(1),
      status: 'processing',
      created_at: '2026-11-30T15:04:05.123Z',
      updated_at: '2026-11-30T15:04:05.125Z',
      progress: { percentage: 25, message: 'Fase 2', phase: 'extraccion', phase_index: 2, phase_count: 4 },
      metadata: fragmentMetadata(),
    });
  });

  it('leaves absent progress extras out rather than undefined', () => {
    const snapshot = buildSnapshot(
      progressJob(startJob(pending(), T0), copyProgress({ percentage: 1, message: 'm' }, 'x'), T0),
    );
    expect(Object.keys(snapshot.progress)).toEqual(['percentage', 'message']);
  });

  it('rounds the duration to milliseconds', () => {
    const done = completeJob(startJob(pending(), T0 + 0.4), resultSummary(), T0 + 1234.9);
    expect(buildSnapshot(done).metadata?.duracion_segundos).toBe(1.235);
    expect(buildSnapshot(done).progress).toEqual({ percentage: 100, message: PROGRESS_MESSAGES.completed });
  });
});
