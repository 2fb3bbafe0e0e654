import type { JobEvent } from '@noticias/contract';
import type { JobRecord } from '../job-store.ts';
import { buildSnapshot } from './build-snapshot.ts';

interface Entry {
  order: number;
  event: JobEvent;
}

export interface SnapshotCache {
  /** The record's event, built once per version and kept for later reads. */
  eventOf(record: JobRecord): JobEvent;
  /** Same, without keeping it (listing and replay must not push hot entries out). */
  peek(record: JobRecord): JobEvent;
  readonly size: number;
}

/**
 * Latest event per job id, at most `capacity` of them. Status polling reads the same job again
 * and again between changes, so a hit saves building a snapshot (two ISO dates, several objects)
 * per read. Bounded, because caching every stored job would double the memory of a full store.
 * Entries are refreshed on write, not on read, so a hit costs one Map lookup.
 */
export function createSnapshotCache(capacity: number): SnapshotCache {
  const entries = new Map<string, Entry>();

  const hit = (record: JobRecord): JobEvent | undefined => {
    const entry = entries.get(record.id);
    // Entries of removed jobs are never deleted, just outlived: they cannot answer for another
    // job because the order differs, even if that job was given the same id.
    return entry && entry.event.seq === record.seq && entry.order === record.order ? entry.event : undefined;
  };

  const build = (record: JobRecord): JobEvent => Object.freeze({ seq: record.seq, snapshot: buildSnapshot(record) });

  return {
    eventOf(record) {
      const cached = hit(record);
      if (cached) return cached;
      const event = build(record);
      if (capacity > 0) {
        entries.delete(record.id);
        entries.set(record.id, { order: record.order, event });
        if (entries.size > capacity) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
      }
      return event;
    },
    peek(record) {
      return hit(record) ?? build(record);
    },
    get size() {
      return entries.size;
    },
  };
}
