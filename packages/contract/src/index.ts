export { ArticleInputSchema, MIN_CONTENT_CHARS, type Article, type ArticleInput } from './article-input.ts';
export { FragmentInputSchema, MIN_SPECIAL_REVIEW_CHARS, type Fragment, type FragmentInput } from './fragment-input.ts';
export { cleanFragmentText } from './clean-fragment-text.ts';
export { parseArticle, parseFragment, toDetalles, unwrapBody, type ParseResult } from './validation-details.ts';
export {
  isTerminalStatus,
  JOB_ID_PATTERN,
  JOB_STATUSES,
  JobIdSchema,
  JobStatusSchema,
  PIPELINE_PHASES,
  PROGRESS_MESSAGES,
  type ArticleJobMetadata,
  type FragmentJobMetadata,
  type JobError,
  type JobEvent,
  type JobKind,
  type JobMetadata,
  type JobProgress,
  type JobResultSummary,
  type JobSnapshot,
  type JobStatus,
  type JobTimingMetadata,
  type PipelinePhase,
} from './job.ts';
export type * from './result.ts';
