import type { JobError, JobKind, JobMetadata, JobProgress, JobResultSummary, JobStatus } from '@noticias/contract';
import type { JobRecord } from '../job-store.ts';

const ABSENT = -1;

type Detail = Readonly<JobProgress> | Readonly<JobResultSummary> | Readonly<Omit<JobError, 'timestamp'>> | null;

// A retained job should cost a few hundred bytes, and records are most of it. So:
// - Epoch milliseconds do not fit V8's small integers, and each such field would be a separate
//   16-byte heap number. Only `createdAt` is absolute; the other times are small offsets from it
//   (a job lives minutes, not weeks). Offsets are never negative: the tracker keeps a job's times
//   monotonic.
// - A job has a progress report, a result or an error depending on its status, never two, so
//   one slot holds whichever applies.
// - Finishing is a job's last change, so a finished job's `finishedAt` is its `updatedAt`.
// - The kind is the metadata's `tipo`.
class CompactJobRecord implements JobRecord {
  constructor(
    readonly id: string,
    readonly order: number,
    readonly status: JobStatus,
    readonly seq: number,
    readonly createdAt: number,
    private readonly updatedOffset: number,
    private readonly startedOffset: number,
    readonly percentage: number,
    private readonly detail: Detail,
    readonly metadata: Readonly<JobMetadata>,
    readonly owner: string | null,
  ) {}

  get kind(): JobKind {
    return this.metadata.tipo;
  }

  get updatedAt(): number {
    return this.createdAt + this.updatedOffset;
  }

  get startedAt(): number | null {
    return this.startedOffset === ABSENT ? null : this.createdAt + this.startedOffset;
  }

  get finishedAt(): number | null {
    return this.status === 'completed' || this.status === 'failed' ? this.updatedAt : null;
  }

  get progress(): Readonly<JobProgress> | null {
    return this.status === 'processing' ? (this.detail as Readonly<JobProgress> | null) : null;
  }

  get result(): Readonly<JobResultSummary> | null {
    return this.status === 'completed' ? (this.detail as Readonly<JobResultSummary> | null) : null;
  }

  get error(): Readonly<Omit<JobError, 'timestamp'>> | null {
    return this.status === 'failed' ? (this.detail as Readonly<Omit<JobError, 'timestamp'>> | null) : null;
  }
}

function offset(createdAt: number, time: number | null): number {
  return time === null ? ABSENT : Math.max(0, time - createdAt);
}

function detailOf(fields: JobRecord): Detail {
  switch (fields.status) {
    case 'pending':
      return null;
    case 'processing':
      return fields.progress;
    case 'completed':
      return fields.result;
    case 'failed':
      return fields.error;
  }
}

/**
 * Builds a record with the compact layout. It keeps only what the status shows (the progress of
 * a processing job, the result of a completed one, the error of a failed one), takes the kind
 * from `metadata.tipo` and a finished job's `finishedAt` from `updatedAt`, and clamps times
 * before `createdAt` to it.
 */
export function createJobRecord(fields: JobRecord): JobRecord {
  return new CompactJobRecord(
    fields.id,
    fields.order,
    fields.status,
    fields.seq,
    fields.createdAt,
    offset(fields.createdAt, fields.updatedAt),
    offset(fields.createdAt, fields.startedAt),
    fields.percentage,
    detailOf(fields),
    fields.metadata,
    fields.owner,
  );
}

/** The record's fields as a plain object, to derive the next version from. */
export function recordFields(record: JobRecord): JobRecord {
  return {
    id: record.id,
    order: record.order,
    kind: record.kind,
    status: record.status,
    seq: record.seq,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    percentage: record.percentage,
    progress: record.progress,
    metadata: record.metadata,
    result: record.result,
    error: record.error,
    owner: record.owner,
  };
}
