import type { JobStore } from '../../job-store.ts';
import { TrackerError } from '../../tracker-error.ts';

/** Whatever Redis throws (down, timed out, reconnecting) becomes `STORE_UNAVAILABLE`; the tracker's own errors pass. */
export function toTrackerError(error: unknown): unknown {
  if (error instanceof TrackerError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new TrackerError('STORE_UNAVAILABLE', `El almacén de jobs (Redis) no responde: ${reason}`);
  wrapped.cause = error;
  return wrapped;
}

/** The same store, its failures reported as `TrackerError`s, so callers can answer 503 rather than 500. */
export function guardStore<S extends JobStore>(store: S): S {
  const guarded = { ...store };
  for (const key of Object.keys(store) as (keyof S)[]) {
    const method = store[key];
    if (typeof method !== 'function') continue;
    guarded[key] = (async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (error) {
        throw toTrackerError(error);
      }
    }) as S[keyof S];
  }
  return guarded;
}
