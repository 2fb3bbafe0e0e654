export { appRouter, type AppRouter } from './router.ts';
export {
  createCallerFactory,
  failureOnlyMiddlewares,
  shareByInput,
  withSseOptions,
  type ApiMeta,
  type FastPathMeta,
  type ShareDeclaration,
  type ShareKey,
  type SseOptions,
} from './trpc.ts';
export { createApiContextFactory, type ApiContext, type ApiServices } from './context.ts';
export {
  jobReadFilter,
  jobWriteFilter,
  LOCAL_CALLER,
  ownerFilter,
  submissionOwner,
  type Caller,
} from './access/caller.ts';
export { createReadTokens, type ReadTokens, type ReadTokensOptions } from './access/read-tokens.ts';
export {
  createJobService,
  type JobResultView,
  type JobService,
  type JobServiceOptions,
  type ServiceStats,
} from './services/job-service.ts';
export type { JobFinishedEvent, JobObserver } from './services/job-executor.ts';
export type { SubmitMode, SubmitOptions, Submission } from './services/submission.ts';
export {
  createJobRunner,
  type JobRunner,
  type JobRunnerOptions,
  type RunnerStats,
  type RunnerTask,
  type RunnerTicket,
} from './services/job-runner.ts';
export {
  createResultStore,
  DEFAULT_MAX_RESULTS,
  type MemoryResultStore,
  type ResultStore,
  type ResultStoreOptions,
  type StoredResult,
} from './services/result-store.ts';
export { createSharedResultStore, type SharedBlobs } from './services/shared-result-store.ts';
export { contentLength, type JobInput } from './services/job-input.ts';
export type { EnqueueOptions, JobQueue, QueuedJob, QueuedOutcome } from './services/job-queue.ts';
export { IDEMPOTENCY_KEY_PATTERN, inputFingerprint, isValidIdempotencyKey } from './services/idempotency-key.ts';
export {
  createMemoryIdempotencyStore,
  type IdempotencyClaim,
  type IdempotencyStore,
  type IdempotentAnswer,
  type MemoryIdempotencyStoreOptions,
} from './services/idempotency-store.ts';
export { createSharedIdempotencyStore, type SharedKeyClaims } from './services/shared-idempotency-store.ts';
export {
  AccessDeniedError,
  CANCELLED_MESSAGE,
  FORBIDDEN_MESSAGE,
  ForbiddenError,
  IdempotencyConflictError,
  InputValidationError,
  JobCancelledError,
  JobFinishedError,
  RateLimitedError,
  UNAUTHORIZED_MESSAGES,
  type RateLimitedVariant,
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
  catalogued,
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
