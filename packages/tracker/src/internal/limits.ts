import type { TrackerLimits } from '../job-tracker.ts';

export const DEFAULT_TRACKER_LIMITS: Readonly<TrackerLimits> = Object.freeze({
  retentionMs: 60 * 60_000,
  maxStored: 10_000,
  timeoutMs: 600_000,
  sweepIntervalMs: 60_000,
});

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

function check(name: string, value: number, ok: boolean): void {
  if (!ok) throw new RangeError(`Tracker limit ${name} is invalid: ${value}`);
}

/** Fills in defaults. `timeoutMs` and `sweepIntervalMs` may be Infinity (never / no timer). */
export function resolveLimits(limits: Partial<TrackerLimits> = {}): Readonly<TrackerLimits> {
  // `?? default` rather than a spread: an explicit `undefined` means "the default" too.
  const resolved: TrackerLimits = {
    retentionMs: limits.retentionMs ?? DEFAULT_TRACKER_LIMITS.retentionMs,
    maxStored: limits.maxStored ?? DEFAULT_TRACKER_LIMITS.maxStored,
    timeoutMs: limits.timeoutMs ?? DEFAULT_TRACKER_LIMITS.timeoutMs,
    sweepIntervalMs: limits.sweepIntervalMs ?? DEFAULT_TRACKER_LIMITS.sweepIntervalMs,
  };
  check('retentionMs', resolved.retentionMs, Number.isFinite(resolved.retentionMs) && resolved.retentionMs >= 0);
  check('maxStored', resolved.maxStored, Number.isSafeInteger(resolved.maxStored) && resolved.maxStored >= 1);
  check('timeoutMs', resolved.timeoutMs, resolved.timeoutMs > 0);
  check('sweepIntervalMs', resolved.sweepIntervalMs, resolved.sweepIntervalMs > 0);
  return Object.freeze(resolved);
}

/** Missing or non-numeric: the default; otherwise clamped to 1..500. */
export function resolveListLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(limit)));
}
