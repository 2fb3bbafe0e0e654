import type { ResultStore, StoredResult } from './result-store.ts';

/**
 * Text values that every process reads and writes (e.g. Redis keys), bounded and expiring on
 * their own. `createSharedResultStore` keeps results in them.
 */
export interface SharedBlobs {
  put(id: string, value: string): Promise<void>;
  get(id: string): Promise<string | null>;
}

/**
 * A `ResultStore` shared by every process: the worker process that ran a job keeps its result
 * there, and any api process answers `getResult` from it.
 */
export function createSharedResultStore(blobs: SharedBlobs): ResultStore {
  return {
    put: (jobId, value) => blobs.put(jobId, JSON.stringify(value)),
    async get(jobId) {
      const text = await blobs.get(jobId);
      return text === null ? undefined : (JSON.parse(text) as StoredResult);
    },
  };
}
