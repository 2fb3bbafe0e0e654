export { appRouter, type AppRouter } from './router.ts';
export { createCallerFactory, withSseOptions, type SseOptions } from './trpc.ts';
export { createApiContextFactory, type ApiContext, type ApiServices } from './context.ts';
export {
  createJobService,
  type JobFinishedEvent,
  type JobObserver,
  type JobService,
  type JobServiceOptions,
  type ServiceStats,
  type SubmitMode,
  type SubmitOptions,
  type Submission,
} from './services/job-service.ts';
export {
  createJobRunner,
  type JobRunner,
  type JobRunnerOptions,
  type RunnerStats,
  type RunnerTask,
  type RunnerTicket,
} from './services/job-runner.ts';
export { contentLength, type JobInput } from './services/job-input.ts';
export type { JobQueue, QueuedJob, QueuedOutcome } from './services/job-queue.ts';
export {
  InputValidationError,
  isDomainError,
  JobFailedError,
  JobNotFoundError,
  JobTimeoutError,
  ServiceUnavailableError,
  ShutdownError,
  type ApiErrorCode,
  type DomainError,
  type JobFailureType,
  type UnavailableReason,
  type ValidationSubject,
} from './errors/api-errors.ts';
export {
  INTERNAL_ERROR_MESSAGE,
  mapError,
  supportCode,
  VALIDATION_MESSAGES,
  type ErrorKind,
  type MappedError,
  type MappedErrorCode,
} from './errors/error-map.ts';
export { MappedTRPCError, type ApiErrorData, type ApiErrorShape } from './errors/trpc-errors.ts';
export { createSilentLogger, type Logger } from './logger.ts';
