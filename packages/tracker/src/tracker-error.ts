export type TrackerErrorCode = 'JOB_NOT_FOUND' | 'INVALID_TRANSITION' | 'CAPACITY_EXCEEDED' | 'TRACKER_CLOSED';

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
