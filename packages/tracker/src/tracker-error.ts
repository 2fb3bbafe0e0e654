export type TrackerErrorCode =
  | 'JOB_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'CAPACITY_EXCEEDED'
  | 'TRACKER_CLOSED'
  /** The store (Redis) did not answer: down, unreachable or too slow. Retry later. */
  | 'STORE_UNAVAILABLE'
  /** A malformed argument: an injected id that breaks the id pattern or is taken, a bad cursor, a bad progress value. */
  | 'INVALID_ARGUMENT';

export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  constructor(
    readonly code: TrackerErrorCode,
    message: string,
    readonly jobId?: string,
  ) {
    super(message);
  }
}
