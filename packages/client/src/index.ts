// The universal entry (browsers, bundlers): subscriptions use the EventSource passed in or the
// global one. Node resolves `./node.ts` instead (the `node` export condition), which adds the
// `eventsource` package as the fallback, so browser bundles never carry it.
export {
  ClientConfigError,
  createClient,
  type ArticleSubmission,
  type CreateClientOptions,
  type EventSourceConstructor,
  type EventSourceInstance,
  type FragmentSubmission,
  type HeadersOption,
  type JobHelpers,
  type NoticiasClient,
  type WaitForJobOptions,
  type WatchJobOptions,
} from './create-client.ts';
export {
  apiErrorCode,
  ConnectionLostError,
  JobFailedError,
  JobNotFoundError,
  NoticiasClientError,
  trpcErrorCode,
  WaitTimeoutError,
  type ClientErrorCode,
} from './client-errors.ts';
export type { JobError, JobProgress, JobSnapshot, JobStatus, PipelinePhase, PipelineResult } from '@noticias/contract';
