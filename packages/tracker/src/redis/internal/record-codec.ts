import type { JobRecord, NewJobRecord } from '../../job-store.ts';
import { createJobRecord, recordFields } from '../../internal/compact-job-record.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A record as stored in Redis: its fields as JSON, the ordinal first. */
export function encodeRecord(record: JobRecord): string {
  return JSON.stringify(recordFields(record));
}

/** A new job's fields without the ordinal and without the opening brace: the insert script adds `{"order":N,`. */
export function encodeNewRecordTail(job: NewJobRecord): string {
  const fields: Omit<JobRecord, 'order'> = {
    id: job.id,
    kind: job.kind,
    status: job.status,
    seq: job.seq,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    percentage: job.percentage,
    progress: job.progress,
    metadata: job.metadata,
    result: job.result,
    error: job.error,
    owner: job.owner,
  };
  return JSON.stringify(fields).slice(1);
}

/**
 * The owner's part of its index keys (`<p>:own:<tag>:...`): hex, so that no name can reach
 * another key; '' for a job without an owner.
 */
export function ownerTag(owner: string | null | undefined): string {
  return owner === null || owner === undefined ? '' : Buffer.from(owner, 'utf8').toString('hex');
}

/** Snapshots are shared and frozen; so are the parts of the records they are built from. */
export function decodeRecord(json: string): JobRecord {
  const fields = JSON.parse(json) as JobRecord;
  return createJobRecord({
    ...fields,
    owner: fields.owner ?? null,
    metadata: deepFreeze(fields.metadata),
    progress: deepFreeze(fields.progress),
    result: deepFreeze(fields.result),
    error: deepFreeze(fields.error),
  });
}
