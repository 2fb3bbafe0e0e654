import type { JobError, JobKind, JobMetadata, JobProgress, JobResultSummary, JobStatus } from '@noticias/contract';
import type { JobRecord } from '../job-store.ts';

const ABSENT = -1;

// Epoch milliseconds do not fit V8's small integers, so every such field costs a separate
// 16-byte heap number. Only `createdAt` is absolute; the other times are stored as small
// offsets from it (a job lives minutes, not weeks), which keeps a record at about 150 bytes.
// Offsets are never negative: the tracker keeps a job's times monotonic.
class CompactJobRecord implements JobRecord {
  constructor(
    readonly id: string,
    readonly order: number,
    readonly kind: JobKind,
    readonly status: JobStatus,
    readonly seq: number,
    readonly createdAt: number,
    private readonly updatedOffset: number,
    private readonly startedOffset: number,
    private readonly finishedOffset: number,
    readonly percentage: number,
    readonly progress: Readonly<JobProgress> | null,
    readonly metadata: Readonly<JobMetadata>,
    readonly result: Readonly<JobResultSummary> | null,
    readonly error: Readonly<Omit<JobError, 'timestamp'>> | null,
  ) {}

  get updatedAt(): number {
    return this.createdAt + this.updatedOffset;
  }

  get startedAt(): number | null {
    return this.startedOffset === ABSENT ? null : this.createdAt + this.startedOffset;
  }

  get finishedAt(): number | null {
    return this.finishedOffset === ABSENT ? null : this.createdAt + this.finishedOffset;
  }
}

function offset(createdAt: number, time: number | null): number {
  return time === null ? ABSENT : Math.max(0, time - createdAt);
}

/** Builds a record with the compact layout. Times before `createdAt` are clamped to it. */
export function createJobRecord(fields: JobRecord): JobRecord {
  return new CompactJobRecord(
    fields.id,
    fields.order,
    fields.kind,
    fields.status,
    fields.seq,
    fields.createdAt,
    offset(fields.createdAt, fields.updatedAt),
    offset(fields.createdAt, fields.startedAt),
    offset(fields.createdAt, fields.finishedAt),
    fields.percentage,
    fields.progress,
    fields.metadata,
    fields.result,
    fields.error,
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
  };
}
