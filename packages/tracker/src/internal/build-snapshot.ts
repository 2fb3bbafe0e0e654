import {
  PROGRESS_MESSAGES,
  type JobMetadata,
  type JobProgress,
  type JobSnapshot,
  type JobTimingMetadata,
} from '@noticias/contract';
import type { JobRecord } from '../job-store.ts';
import { STARTED_PROGRESS } from './transitions.ts';

const PENDING_PROGRESS: Readonly<JobProgress> = Object.freeze({ percentage: 0, message: PROGRESS_MESSAGES.pending });
const COMPLETED_PROGRESS: Readonly<JobProgress> = Object.freeze({
  percentage: 100,
  message: PROGRESS_MESSAGES.completed,
});

const iso = (ms: number): string => new Date(ms).toISOString();

function progressOf(record: JobRecord): Readonly<JobProgress> {
  switch (record.status) {
    case 'pending':
      return PENDING_PROGRESS;
    case 'processing':
      return record.progress ?? STARTED_PROGRESS;
    case 'completed':
      return COMPLETED_PROGRESS;
    case 'failed':
      return Object.freeze({ percentage: record.percentage, message: PROGRESS_MESSAGES.failed });
  }
}

function metadataOf(record: JobRecord): Readonly<JobMetadata> {
  if (record.finishedAt === null) return record.metadata;
  const timing: JobTimingMetadata = {};
  if (record.startedAt !== null) timing.started_at = iso(record.startedAt);
  timing.finished_at = iso(record.finishedAt);
  // A job failed before it started spent no time processing.
  timing.duracion_segundos = record.startedAt === null ? 0 : Math.round(record.finishedAt - record.startedAt) / 1000;
  return Object.freeze({ ...record.metadata, ...timing });
}

/**
 * The contract's `/status` `data` for one record, deeply frozen: snapshots are cached and
 * shared between callers and subscribers, so nobody may change one.
 */
export function buildSnapshot(record: JobRecord): JobSnapshot {
  const snapshot: JobSnapshot = {
    job_id: record.id,
    status: record.status,
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
    progress: progressOf(record),
  };
  if (record.status === 'completed' && record.result) snapshot.result = record.result;
  if (record.status === 'failed' && record.error) {
    snapshot.error = Object.freeze({ ...record.error, timestamp: iso(record.finishedAt ?? record.updatedAt) });
  }
  snapshot.metadata = metadataOf(record);
  return Object.freeze(snapshot);
}
