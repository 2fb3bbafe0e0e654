import type { PipelineResult } from '@noticias/contract';

/** A finished job's full result tree and the text its offsets point into. */
export interface StoredResult {
  result: PipelineResult;
  /** `contenido_texto` of an article or the cleaned `texto_original` of a fragment. */
  text: string;
}

/** In this process (`createResultStore`), or shared by every process (`createSharedResultStore`). */
export interface ResultStore {
  put(jobId: string, value: StoredResult): void | Promise<void>;
  get(jobId: string): StoredResult | undefined | Promise<StoredResult | undefined>;
}

export interface MemoryResultStore extends ResultStore {
  put(jobId: string, value: StoredResult): void;
  get(jobId: string): StoredResult | undefined;
  readonly size: number;
}

export interface ResultStoreOptions {
  /** Most results kept; the oldest go first. */
  maxEntries?: number;
  /** Most characters of source text kept over all results (a result tree grows with its text). */
  maxChars?: number;
}

/** How many results are kept (the newest), here or in a shared store. */
export const DEFAULT_MAX_RESULTS = 500;
const DEFAULT_MAX_CHARS = 20_000_000;

/**
 * The tracker keeps only a summary per job (it is sized for 10,000 jobs); the full trees of the
 * latest results are kept here, in this process, for the page that shows them. A bounded cache,
 * not a store of record: an evicted result is answered as "no longer available".
 */
export function createResultStore(options: ResultStoreOptions = {}): MemoryResultStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_RESULTS;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  // Map iteration follows insertion order: the first key is the oldest result.
  const entries = new Map<string, StoredResult>();
  let chars = 0;

  function evictOldest(): void {
    const oldest = entries.keys().next();
    if (oldest.done) return;
    chars -= entries.get(oldest.value)?.text.length ?? 0;
    entries.delete(oldest.value);
  }

  return {
    put(jobId, value) {
      if (value.text.length > maxChars) return;
      const previous = entries.get(jobId);
      if (previous) {
        chars -= previous.text.length;
        entries.delete(jobId);
      }
      entries.set(jobId, value);
      chars += value.text.length;
      while (entries.size > maxEntries || chars > maxChars) evictOldest();
    },
    get: (jobId) => entries.get(jobId),
    get size() {
      return entries.size;
    },
  };
}
