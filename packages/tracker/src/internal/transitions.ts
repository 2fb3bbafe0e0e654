import type { JobError, JobKind, JobMetadata, JobProgress, JobResultSummary, JobStatus } from '@noticias/contract';
import type { JobRecord, NewJobRecord } from '../job-store.ts';
import { TrackerError } from '../tracker-error.ts';
import { createJobRecord, recordFields } from './compact-job-record.ts';

// The state machine: pending -> processing -> completed | failed, and pending -> failed.
// Nothing leaves a terminal state. Every transition returns a new record with seq + 1 and a
// later (never earlier) updatedAt, so a clock stepping back cannot reorder one job's history.

export const STARTED_PROGRESS: Readonly<JobProgress> = Object.freeze({
  percentage: 0,
  message: 'Procesamiento iniciado',
});

function assertFrom(record: JobRecord, allowed: readonly JobStatus[], to: string): void {
  if (!allowed.includes(record.status)) {
    throw new TrackerError(
      'INVALID_TRANSITION',
      `Transición inválida para el job '${record.id}': ${record.status} -> ${to}`,
      record.id,
    );
  }
}

function next(record: JobRecord, now: number, changes: Partial<JobRecord>): JobRecord {
  const at = Math.max(now, record.updatedAt);
  return createJobRecord({ ...recordFields(record), ...changes, seq: record.seq + 1, updatedAt: at });
}

export function newJob(
  id: string,
  kind: JobKind,
  metadata: Readonly<JobMetadata>,
  now: number,
  owner: string | null = null,
): NewJobRecord {
  return {
    id,
    kind,
    status: 'pending',
    seq: 1,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    percentage: 0,
    progress: null,
    metadata,
    result: null,
    error: null,
    owner,
  };
}

export function startJob(record: JobRecord, now: number): JobRecord {
  assertFrom(record, ['pending'], 'processing');
  const at = Math.max(now, record.updatedAt);
  return next(record, at, { status: 'processing', startedAt: at, progress: STARTED_PROGRESS, percentage: 0 });
}

export function progressJob(record: JobRecord, progress: Readonly<JobProgress>, now: number): JobRecord {
  assertFrom(record, ['processing'], 'processing (progress)');
  return next(record, now, { progress, percentage: progress.percentage });
}

export function completeJob(record: JobRecord, result: Readonly<JobResultSummary>, now: number): JobRecord {
  assertFrom(record, ['processing'], 'completed');
  const at = Math.max(now, record.updatedAt);
  return next(record, at, { status: 'completed', finishedAt: at, percentage: 100, progress: null, result });
}

export function failJob(record: JobRecord, error: Readonly<Omit<JobError, 'timestamp'>>, now: number): JobRecord {
  assertFrom(record, ['pending', 'processing'], 'failed');
  const at = Math.max(now, record.updatedAt);
  return next(record, at, { status: 'failed', finishedAt: at, progress: null, error });
}

export function timeoutError(record: JobRecord, timeoutMs: number): Readonly<Omit<JobError, 'timestamp'>> {
  return Object.freeze({
    tipo: 'timeout',
    mensaje: `El procesamiento superó el tiempo máximo de ${timeoutMs / 1000} segundos`,
    fase: record.progress?.phase ?? null,
  });
}
