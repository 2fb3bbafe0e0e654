export interface MinuteBucket {
  /** Start of the minute, ms. */
  start: number;
  count: number;
}

const MINUTE = 60_000;

/** Completion times counted per minute over the last `minutes`, oldest first (the current minute last). */
export function perMinute(times: readonly number[], now: number, minutes: number): MinuteBucket[] {
  const current = Math.floor(now / MINUTE) * MINUTE;
  const first = current - (minutes - 1) * MINUTE;
  const buckets = Array.from({ length: minutes }, (_, i) => ({ start: first + i * MINUTE, count: 0 }));
  for (const t of times) {
    const index = Math.floor((t - first) / MINUTE);
    const bucket = buckets[index];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}
