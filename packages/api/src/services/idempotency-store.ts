import type { JobSnapshot, PipelineResult } from '@noticias/contract';

/**
 * What the first request of a key answered, kept to answer its retries: the job (the snapshot
 * as the first answer showed it, for when the job has expired since), and for a request that
 * waited, its outcome: the result tree, or the error it got.
 */
export type IdempotentAnswer =
  | { mode: 'async'; job: JobSnapshot }
  | { mode: 'wait'; job: JobSnapshot; result: PipelineResult }
  | { mode: 'wait'; job: JobSnapshot; error: unknown };

export type IdempotencyClaim =
  /** The caller is first: it must `record` the answer, or `release` the key if no job came of it. */
  | { status: 'claimed' }
  /**
   * Someone was first, with this fingerprint. `answer` resolves with what it answered, or with
   * null if it released the key (the caller may claim again).
   */
  | { status: 'existing'; fingerprint: string; answer: Promise<IdempotentAnswer | null> };

/**
 * Remembers `Idempotency-Key`s. `claim` is atomic per key: of any number of concurrent claims
 * of a free key exactly one gets `claimed`. A key is remembered `ttlMs` from its claim; an
 * expired key is free again. A shared store (Redis) implements the same operations, e.g. claim
 * with SET NX PX and the answer polled or published.
 */
export interface IdempotencyStore {
  claim(key: string, fingerprint: string): Promise<IdempotencyClaim>;
  record(key: string, answer: IdempotentAnswer): Promise<void>;
  release(key: string): Promise<void>;
  /** Keys remembered now (for tests and metrics). */
  size(): Promise<number>;
}

export interface MemoryIdempotencyStoreOptions {
  /** IDEMPOTENCY_TTL_HOURS in ms. */
  ttlMs: number;
  /** Epoch ms; injectable so tests can pass the TTL. */
  now?: () => number;
  /** Most keys kept; past it the oldest go first (default 10,000). */
  maxEntries?: number;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  answer: Promise<IdempotentAnswer | null>;
  settle(answer: IdempotentAnswer | null): void;
}

/**
 * In-process store. Every key has the same TTL, so the Map's insertion order is also expiry
 * order: expired keys are dropped from its head as new ones come, at no cost per lookup.
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions): IdempotencyStore {
  const { ttlMs } = options;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();

  function dropExpired(at: number): void {
    for (const [key, entry] of entries) {
      if (entry.expiresAt > at && entries.size <= maxEntries) return;
      entries.delete(key);
    }
  }

  return {
    async claim(key, fingerprint) {
      const at = now();
      dropExpired(at);
      const existing = entries.get(key);
      if (existing && existing.expiresAt > at) {
        return { status: 'existing', fingerprint: existing.fingerprint, answer: existing.answer };
      }
      entries.delete(key);
      let settle!: (answer: IdempotentAnswer | null) => void;
      const answer = new Promise<IdempotentAnswer | null>((resolve) => {
        settle = resolve;
      });
      entries.set(key, { fingerprint, expiresAt: at + ttlMs, answer, settle });
      return { status: 'claimed' };
    },
    async record(key, answer) {
      entries.get(key)?.settle(answer);
    },
    async release(key) {
      const entry = entries.get(key);
      if (!entry) return;
      entries.delete(key);
      entry.settle(null);
    },
    async size() {
      dropExpired(now());
      return entries.size;
    },
  };
}
