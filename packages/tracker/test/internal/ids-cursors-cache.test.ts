import { describe, expect, it } from 'vitest';
import { JOB_ID_PATTERN } from '@noticias/contract';
import { TrackerError } from '../../src/index.ts';
import { createJobRecord, recordFields } from '../../src/internal/compact-job-record.ts';
import { decodeCursor, encodeCursor } from '../../src/internal/cursor.ts';
import { assertJobId, createJobIdGenerator } from '../../src/internal/job-id.ts';
import { createSnapshotCache } from '../../src/internal/snapshot-cache.ts';
import { newJob, startJob } from '../../src/internal/transitions.ts';
import { fragmentMetadata, jobId, T0 } from '../conformance/harness.ts';

describe('job ids', () => {
  it('are req_ + 32 hex characters, distinct across random batches', () => {
    const next = createJobIdGenerator();
    const ids = Array.from({ length: 5000 }, next);
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(ids[0]).toMatch(JOB_ID_PATTERN);
    // every hex digit shows up in every position: the bytes are not stuck
    for (let at = 4; at < 36; at++) expect(new Set(ids.map((id) => id[at])).size).toBe(16);
  });

  it('assertJobId refuses what the contract pattern refuses', () => {
    expect(() => assertJobId(jobId(1))).not.toThrow();
    for (const bad of ['req_123', 'REQ_' + 'a'.repeat(32), 'req_' + 'G'.repeat(32), '']) {
      expect(() => assertJobId(bad)).toThrow(TrackerError);
    }
  });
});

describe('cursors', () => {
  it('round-trip and are opaque url-safe strings', () => {
    for (const order of [0, 1, 4_294_967_296, 999_999_999_999_999]) {
      const cursor = encodeCursor(order);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(order);
    }
  });

  it('refuse anything else with INVALID_ARGUMENT', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('o1:-4').toString('base64url'),
      Buffer.from('o1:1e9').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('snapshot cache', () => {
  const record = (n: number, order = n) =>
    createJobRecord({ ...newJob(jobId(n), 'fragmento', fragmentMetadata(n), T0), order });

  it('builds once per version', () => {
    const cache = createSnapshotCache(10);
    const v1 = record(1);
    expect(cache.eventOf(v1)).toBe(cache.eventOf(v1));
    const v2 = startJob(v1, T0 + 1);
    expect(cache.eventOf(v2).seq).toBe(2);
    expect(cache.eventOf(v2)).toBe(cache.eventOf(v2));
  });

  it('holds at most its capacity, dropping the oldest written', () => {
    const cache = createSnapshotCache(3);
    const records = [1, 2, 3, 4].map((n) => record(n));
    const first = cache.eventOf(records[0]!);
    for (const r of records.slice(1)) cache.eventOf(r);
    expect(cache.size).toBe(3);
    expect(cache.eventOf(records[0]!)).not.toBe(first);
  });

  it('peek does not fill the cache', () => {
    const cache = createSnapshotCache(3);
    cache.peek(record(1));
    expect(cache.size).toBe(0);
  });

  it('does not answer for another job that reuses an id', () => {
    const cache = createSnapshotCache(3);
    const old = cache.eventOf(record(1, 1));
    const reused = createJobRecord({ ...recordFields(record(1, 7)), createdAt: T0 + 5, updatedAt: T0 + 5 });
    expect(cache.eventOf(reused)).not.toBe(old);
  });
});
