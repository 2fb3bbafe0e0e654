import type { JobRecord } from '../../job-store.ts';

/**
 * The latest version of recently used jobs, at most `capacity`. Versions come from this
 * process's writes and reads and from the event stream; a version older than the one held is
 * ignored, so a slow read cannot put back what the stream already replaced.
 */
export class RecordCache {
  readonly #records = new Map<string, JobRecord>();
  constructor(private readonly capacity: number) {}

  get(id: string): JobRecord | undefined {
    return this.#records.get(id);
  }

  offer(record: JobRecord): void {
    if (this.capacity <= 0) return;
    const held = this.#records.get(record.id);
    if (held && (held.order > record.order || (held.order === record.order && held.seq >= record.seq))) return;
    this.#records.delete(record.id);
    this.#records.set(record.id, record);
    if (this.#records.size > this.capacity) {
      const oldest = this.#records.keys().next();
      if (!oldest.done) this.#records.delete(oldest.value);
    }
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.#records.delete(id);
  }

  clear(): void {
    this.#records.clear();
  }
}
