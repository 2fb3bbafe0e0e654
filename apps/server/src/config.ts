import type { ExtractorConfig } from '@noticias/pipeline';
import { z } from 'zod';

// The only place that reads the environment. Names and defaults follow the REST contract and
// the old service; everything else receives a `ServerConfig`.

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** ASYNC_PROCESSING_THRESHOLD: longer content runs in the background. */
  asyncThreshold: number;
  jobRetentionMs: number;
  jobCleanupIntervalMs: number;
  jobMaxStored: number;
  jobTimeoutMs: number;
  pipelineConcurrency: number;
  /** Worker threads of the pipeline; 0 runs extraction on the main thread. */
  pipelineWorkers: number;
  /** PIPELINE_WORKER_NICE: nice value of the worker threads (Linux), so the event loop gets the CPU first. */
  pipelineWorkerNice: number;
  queueMax: number;
  extractor: ExtractorConfig;
  shutdownGraceMs: number;
  bodyLimitBytes: number;
  trpcMaxBatchSize: number;
  /** TRPC_FAST_PATHS: serve tRPC queries and SSE subscriptions on the fast routes (src/fast-trpc); false uses the official adapter only. */
  trpcFastPaths: boolean;
  /** SSE_MAX_DURATION_MS: every SSE stream ends after this long and the client resumes with its last event id; 0 never ends them. */
  sseMaxDurationMs: number;
  /** Submissions get 503 while the event loop lags more than this; 0 disables the check. */
  maxEventLoopDelayMs: number;
  /** REDIS_URL: jobs live in Redis (BullMQ) instead of this process's memory; null: in memory. */
  redisUrl: string | null;
  /** REDIS_PREFIX: key prefix shared by the processes of one deployment. */
  redisPrefix: string;
  /**
   * ROLE: `all` serves HTTP and runs jobs; `api` serves HTTP and queues jobs for workers;
   * `worker` runs queued jobs and serves /health and /metrics only. `api` and `worker` need REDIS_URL.
   */
  role: ServerRole;
  /** REDIS_LOCK_DURATION_MS: a worker that stops renewing its lock this long is taken as dead and its job re-run. */
  redisLockDurationMs: number;
  /** REST_SSE_PING_MS: comment lines on REST live-status streams this often. */
  restSsePingMs: number;
  /** IDEMPOTENCY_TTL_HOURS: how long an `Idempotency-Key` is remembered. */
  idempotencyTtlMs: number;
}

export type ServerRole = 'all' | 'api' | 'worker';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Configuración inválida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const positive = () => z.coerce.number().positive().max(1e9);

// Node fires a timer set above 2^31-1 ms after 1 ms (with a warning): a job timeout or an SSE
// deadline that large would fail every job at once or end every stream in a loop.
const MAX_TIMER_MS = 2 ** 31 - 1;
const timerLimit = (unit: string, unitMs: number) => {
  const max = Math.floor(MAX_TIMER_MS / unitMs);
  return [max, { error: `como mucho ${max} ${unit} (los temporizadores de Node no pasan de 2^31-1 ms)` }] as const;
};
/** A duration that ends up in setTimeout/setInterval, in `unit`s of `unitMs` each. */
const timerPositive = (unit: string, unitMs: number) =>
  z.coerce
    .number()
    .positive()
    .max(...timerLimit(unit, unitMs));
const timerInt = (unit: string, unitMs: number) => int(0).max(...timerLimit(unit, unitMs));

// Empty strings count as unset, as a shell `VAR=` usually means "use the default".
const EnvSchema = z.object({
  PORT: int(0, 65535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ASYNC_PROCESSING_THRESHOLD: int(1).default(10_000),
  JOB_RETENTION_MINUTES: positive().default(60),
  JOB_CLEANUP_INTERVAL_MINUTES: timerPositive('minutos', 60_000).default(5),
  JOB_MAX_STORED: int(1).default(10_000),
  JOB_TIMEOUT_SECONDS: timerPositive('segundos', 1000).default(600),
  PIPELINE_CONCURRENCY: int(1, 1024).default(2),
  PIPELINE_WORKERS: int(0, 1024).optional(),
  PIPELINE_WORKER_NICE: int(0, 19).default(19),
  QUEUE_MAX: int(0).default(1000),
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_SECONDS: timerPositive('segundos', 1000).default(60),
  LLM_MAX_RETRIES: int(0, 10).default(2),
  SHUTDOWN_GRACE_MS: timerInt('ms', 1).default(10_000),
  BODY_LIMIT_BYTES: int(1024).default(5 * 1024 * 1024),
  TRPC_MAX_BATCH_SIZE: int(1, 1000).default(10),
  MAX_EVENT_LOOP_DELAY_MS: int(0).default(1000),
  TRPC_FAST_PATHS: z.enum(['true', 'false']).default('true'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letras, cifras, _ . - (hasta 64)')
    .default('noticias'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  REDIS_LOCK_DURATION_MS: int(1000, 3_600_000).default(30_000),
  SSE_MAX_DURATION_MS: timerInt('ms', 1).default(0),
  REST_SSE_PING_MS: int(10, 3_600_000).default(15_000),
  IDEMPOTENCY_TTL_HOURS: positive().default(24),
});

type Env = Record<string, string | undefined>;

const DEFAULT_LLM_BASE_URL = 'https://api.openai.com/v1';

function extractorFrom(env: z.output<typeof EnvSchema>, problems: string[]): ExtractorConfig {
  // The offline extractor unless an LLM endpoint or key is configured.
  if (env.LLM_BASE_URL === undefined && env.LLM_API_KEY === undefined && env.LLM_MODEL === undefined) {
    return { kind: 'offline' };
  }
  if (env.LLM_MODEL === undefined)
    problems.push('LLM_MODEL: es obligatoria cuando se configura LLM_BASE_URL o LLM_API_KEY');
  return {
    kind: 'llm',
    baseURL: env.LLM_BASE_URL ?? DEFAULT_LLM_BASE_URL,
    model: env.LLM_MODEL ?? '',
    // OpenAI-compatible local servers need no key; the SDK still wants a string.
    apiKey: env.LLM_API_KEY ?? 'sin-clave',
    timeoutMs: env.LLM_TIMEOUT_SECONDS * 1000,
    maxRetries: env.LLM_MAX_RETRIES,
  };
}

/** Validates an environment-like record. Throws `ConfigError` naming every bad variable. */
export function parseConfig(env: Env): ServerConfig {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = EnvSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.map(String).join('.');
        const shown = name.endsWith('_KEY') || name === 'REDIS_URL' ? '***' : JSON.stringify(known[name]);
        return `${name}: ${issue.message} (valor recibido: ${shown})`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const extractor = extractorFrom(e, problems);
  if (e.ROLE !== 'all' && e.REDIS_URL === undefined) {
    problems.push(`ROLE: '${e.ROLE}' necesita REDIS_URL (los procesos comparten los jobs a través de Redis)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    asyncThreshold: e.ASYNC_PROCESSING_THRESHOLD,
    jobRetentionMs: e.JOB_RETENTION_MINUTES * 60_000,
    jobCleanupIntervalMs: e.JOB_CLEANUP_INTERVAL_MINUTES * 60_000,
    jobMaxStored: e.JOB_MAX_STORED,
    jobTimeoutMs: e.JOB_TIMEOUT_SECONDS * 1000,
    pipelineConcurrency: e.PIPELINE_CONCURRENCY,
    pipelineWorkers: e.PIPELINE_WORKERS ?? e.PIPELINE_CONCURRENCY,
    pipelineWorkerNice: e.PIPELINE_WORKER_NICE,
    queueMax: e.QUEUE_MAX,
    extractor,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trpcMaxBatchSize: e.TRPC_MAX_BATCH_SIZE,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    trpcFastPaths: e.TRPC_FAST_PATHS === 'true',
    sseMaxDurationMs: e.SSE_MAX_DURATION_MS,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    role: e.ROLE,
    redisLockDurationMs: e.REDIS_LOCK_DURATION_MS,
    restSsePingMs: e.REST_SSE_PING_MS,
    idempotencyTtlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
  };
}

export function readConfigFromEnvironment(): ServerConfig {
  return parseConfig(process.env);
}
