import type { ExtractorConfig } from '@noticias/pipeline';
import { z } from 'zod';
import { ApiKeysFileError, loadApiKeysFile, type ApiKey } from './access/api-keys.ts';
import type { AccessMode } from './access/caller-resolver.ts';

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
  /** `keys` when API_KEYS_FILE is set; otherwise AUTH_MODE (`protected`: loopback clients only). */
  authMode: AccessMode;
  /** From API_KEYS_FILE (empty unless authMode is `keys`). */
  apiKeys: ApiKey[];
  /** READ_TOKEN_SECRET; undefined: a random one per process. */
  readTokenSecret: string | undefined;
  /** METRICS_PUBLIC: /metrics without the admin role. */
  metricsPublic: boolean;
  /** Per API key (per address without keys) and window; 0 disables the limit. */
  rateLimitSubmitPerMinute: number;
  rateLimitReadPerMinute: number;
  /** The rate limits' window: a minute (tests shorten it). */
  rateLimitWindowMs: number;
  /** Live streams (SSE) open at once, per process and per caller; 0 disables the cap. */
  sseMaxConnections: number;
  sseMaxConnectionsPerCaller: number;
  /** CORS_ORIGINS: origins allowed to call from a browser; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** TRUST_PROXY, as Fastify's `trustProxy`: the client address comes from X-Forwarded-For. */
  trustProxy: boolean | number | string;
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
  PIPELINE_CONCURRENCY: int(1, 1024).optional(),
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
  SSE_MAX_DURATION_MS: timerInt('ms', 1).default(30 * 60_000),
  REST_SSE_PING_MS: int(10, 3_600_000).default(15_000),
  IDEMPOTENCY_TTL_HOURS: positive().default(24),
  AUTH_MODE: z.enum(['protected', 'open']).default('protected'),
  API_KEYS_FILE: z.string().min(1).optional(),
  READ_TOKEN_SECRET: z.string().min(32, 'debe tener al menos 32 caracteres').optional(),
  METRICS_PUBLIC: z.enum(['true', 'false']).default('false'),
  RATE_LIMIT_SUBMIT_PER_MINUTE: int(0).default(600),
  RATE_LIMIT_READ_PER_MINUTE: int(0).default(12_000),
  SSE_MAX_CONNECTIONS: int(0).default(20_000),
  SSE_MAX_CONNECTIONS_PER_CALLER: int(0).default(200),
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .default([]),
  // true/false, a hop count, or addresses/CIDRs to trust (comma-separated), as Fastify takes them.
  TRUST_PROXY: z
    .string()
    .transform((value): boolean | number | string =>
      value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
    )
    .default(false),
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

function apiKeysFrom(env: z.output<typeof EnvSchema>, problems: string[]): ApiKey[] {
  if (env.API_KEYS_FILE === undefined) return [];
  // Both would be a contradiction: serving everyone, or only key holders.
  if (env.AUTH_MODE === 'open') {
    problems.push('AUTH_MODE: "open" no puede combinarse con API_KEYS_FILE');
    return [];
  }
  try {
    return loadApiKeysFile(env.API_KEYS_FILE);
  } catch (error) {
    if (!(error instanceof ApiKeysFileError)) throw error;
    problems.push(error.message);
    return [];
  }
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
        const shown =
          name.endsWith('_KEY') || name.endsWith('_SECRET') || name === 'REDIS_URL'
            ? '***'
            : JSON.stringify(known[name]);
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
  // Every api process must verify the read tokens the others sign: one random secret each would not.
  if (e.ROLE === 'api' && e.READ_TOKEN_SECRET === undefined) {
    problems.push(
      "READ_TOKEN_SECRET: ROLE 'api' lo necesita (el mismo en todos los procesos; un read_token firmado en uno se verifica en los demás)",
    );
  }
  const apiKeys = apiKeysFrom(e, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  // A worker's job waits on about as many Redis round trips as it spends extracting: holding
  // twice the jobs lets one job's extraction fill another's waits (docs/performance.md).
  const pipelineConcurrency = e.PIPELINE_CONCURRENCY ?? (e.ROLE === 'worker' ? 4 : 2);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    asyncThreshold: e.ASYNC_PROCESSING_THRESHOLD,
    jobRetentionMs: e.JOB_RETENTION_MINUTES * 60_000,
    jobCleanupIntervalMs: e.JOB_CLEANUP_INTERVAL_MINUTES * 60_000,
    jobMaxStored: e.JOB_MAX_STORED,
    jobTimeoutMs: e.JOB_TIMEOUT_SECONDS * 1000,
    pipelineConcurrency,
    // A worker process has no event loop to keep free for polls, and the thread hop (the input and
    // the result tree cloned across, the phase reports) cost it a quarter of its CPU per article:
    // it runs its jobs on its main thread and scales by processes (docs/performance.md).
    pipelineWorkers: e.PIPELINE_WORKERS ?? (e.ROLE === 'worker' ? 0 : pipelineConcurrency),
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
    authMode: e.API_KEYS_FILE === undefined ? e.AUTH_MODE : 'keys',
    apiKeys,
    readTokenSecret: e.READ_TOKEN_SECRET,
    metricsPublic: e.METRICS_PUBLIC === 'true',
    rateLimitSubmitPerMinute: e.RATE_LIMIT_SUBMIT_PER_MINUTE,
    rateLimitReadPerMinute: e.RATE_LIMIT_READ_PER_MINUTE,
    rateLimitWindowMs: 60_000,
    sseMaxConnections: e.SSE_MAX_CONNECTIONS,
    sseMaxConnectionsPerCaller: e.SSE_MAX_CONNECTIONS_PER_CALLER,
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    restSsePingMs: e.REST_SSE_PING_MS,
    idempotencyTtlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
  };
}

export function readConfigFromEnvironment(): ServerConfig {
  return parseConfig(process.env);
}
