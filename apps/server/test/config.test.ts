import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

describe('parseConfig', () => {
  it('applies the contract defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 8000,
      host: '0.0.0.0',
      logLevel: 'info',
      asyncThreshold: 10_000,
      jobRetentionMs: 60 * 60_000,
      jobCleanupIntervalMs: 5 * 60_000,
      jobMaxStored: 10_000,
      jobTimeoutMs: 600_000,
      pipelineConcurrency: 2,
      pipelineWorkers: 2,
      pipelineWorkerNice: 19,
      queueMax: 1000,
      extractor: { kind: 'offline' },
      shutdownGraceMs: 10_000,
      bodyLimitBytes: 5 * 1024 * 1024,
      trpcMaxBatchSize: 10,
      maxEventLoopDelayMs: 1000,
      trpcFastPaths: true,
      sseMaxDurationMs: 30 * 60_000,
      redisUrl: null,
      redisPrefix: 'noticias',
      role: 'all',
      redisLockDurationMs: 30_000,
      restSsePingMs: 15_000,
      idempotencyTtlMs: 24 * 3_600_000,
      authMode: 'protected',
      apiKeys: [],
      readTokenSecret: undefined,
      metricsPublic: false,
      rateLimitSubmitPerMinute: 600,
      rateLimitReadPerMinute: 12_000,
      rateLimitWindowMs: 60_000,
      sseMaxConnections: 20_000,
      sseMaxConnectionsPerCaller: 200,
      corsOrigins: [],
      trustProxy: false,
    });
  });

  it('reads every variable and treats empty values as unset', () => {
    const config = parseConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      ASYNC_PROCESSING_THRESHOLD: '500',
      JOB_RETENTION_MINUTES: '0.5',
      JOB_CLEANUP_INTERVAL_MINUTES: '1',
      JOB_MAX_STORED: '20',
      JOB_TIMEOUT_SECONDS: '30',
      PIPELINE_CONCURRENCY: '4',
      PIPELINE_WORKERS: '0',
      PIPELINE_WORKER_NICE: '0',
      QUEUE_MAX: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '',
      REST_SSE_PING_MS: '500',
      IDEMPOTENCY_TTL_HOURS: '0.5',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      asyncThreshold: 500,
      jobRetentionMs: 30_000,
      jobCleanupIntervalMs: 60_000,
      jobMaxStored: 20,
      jobTimeoutMs: 30_000,
      pipelineConcurrency: 4,
      pipelineWorkers: 0,
      pipelineWorkerNice: 0,
      queueMax: 0,
      logLevel: 'warn',
      shutdownGraceMs: 10_000,
      restSsePingMs: 500,
      idempotencyTtlMs: 1_800_000,
    });
  });

  it('configures the LLM extractor when an endpoint or key is set', () => {
    expect(parseConfig({ LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'qwen' }).extractor).toEqual({
      kind: 'llm',
      baseURL: 'http://localhost:11434/v1',
      model: 'qwen',
      apiKey: expect.any(String),
      timeoutMs: 60_000,
      maxRetries: 2,
    });
  });

  it.each([
    [{ IDEMPOTENCY_TTL_HOURS: '0' }, 'IDEMPOTENCY_TTL_HOURS'],
    [{ REST_SSE_PING_MS: 'x' }, 'REST_SSE_PING_MS'],
    [{ PORT: 'ocho mil' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ QUEUE_MAX: '-1' }, 'QUEUE_MAX'],
    [{ PIPELINE_CONCURRENCY: '0' }, 'PIPELINE_CONCURRENCY'],
    [{ PIPELINE_WORKER_NICE: '20' }, 'PIPELINE_WORKER_NICE'],
    [{ PIPELINE_WORKER_NICE: '-5' }, 'PIPELINE_WORKER_NICE'],
    [{ JOB_TIMEOUT_SECONDS: 'nunca' }, 'JOB_TIMEOUT_SECONDS'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ LLM_BASE_URL: 'ftp://modelos' }, 'LLM_BASE_URL'],
    [{ LLM_API_KEY: 'sk-secret' }, 'LLM_MODEL'],
  ])('%o stops startup with a message naming %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it.each([
    [{ JOB_TIMEOUT_SECONDS: '3000000' }, 'JOB_TIMEOUT_SECONDS', 2_147_483],
    [{ JOB_CLEANUP_INTERVAL_MINUTES: '40000' }, 'JOB_CLEANUP_INTERVAL_MINUTES', 35_791],
    [
      { LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'qwen', LLM_TIMEOUT_SECONDS: '2147484' },
      'LLM_TIMEOUT_SECONDS',
      2_147_483,
    ],
    [{ SHUTDOWN_GRACE_MS: String(2 ** 31) }, 'SHUTDOWN_GRACE_MS', 2 ** 31 - 1],
    [{ SSE_MAX_DURATION_MS: '1e12' }, 'SSE_MAX_DURATION_MS', 2 ** 31 - 1],
  ])('%o: a timer Node would fire after 1 ms stops startup, naming %s and its limit', (env, name, max) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`\\b${name}: como mucho ${max}\\b`));
  });

  it('runs the jobs of a worker process on its main thread unless PIPELINE_WORKERS says otherwise', () => {
    const worker = { REDIS_URL: 'redis://127.0.0.1:6379', ROLE: 'worker', PIPELINE_CONCURRENCY: '4' };
    expect(parseConfig(worker)).toMatchObject({ pipelineConcurrency: 4, pipelineWorkers: 0 });
    expect(parseConfig({ ...worker, PIPELINE_WORKERS: '3' }).pipelineWorkers).toBe(3);
    // The processes that answer polls keep extraction off their event loop.
    expect(parseConfig({ ...worker, ROLE: 'all' }).pipelineWorkers).toBe(4);
  });

  it('holds twice the jobs at once on a worker process unless PIPELINE_CONCURRENCY says otherwise', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(parseConfig({ ...redis, ROLE: 'worker' }).pipelineConcurrency).toBe(4);
    expect(parseConfig({ ...redis, ROLE: 'worker', PIPELINE_CONCURRENCY: '1' }).pipelineConcurrency).toBe(1);
    // Elsewhere the jobs at once are the extraction threads: one per core of the 2 assumed.
    expect(parseConfig({})).toMatchObject({ pipelineConcurrency: 2, pipelineWorkers: 2 });
    expect(parseConfig({ ...redis, ROLE: 'all' })).toMatchObject({ pipelineConcurrency: 2, pipelineWorkers: 2 });
  });

  it('accepts timer settings up to 2^31-1 ms', () => {
    const config = parseConfig({
      JOB_TIMEOUT_SECONDS: '2147483',
      SHUTDOWN_GRACE_MS: String(2 ** 31 - 1),
      SSE_MAX_DURATION_MS: String(2 ** 31 - 1),
      JOB_CLEANUP_INTERVAL_MINUTES: '35791',
    });
    expect(config).toMatchObject({
      jobTimeoutMs: 2_147_483_000,
      shutdownGraceMs: 2 ** 31 - 1,
      sseMaxDurationMs: 2 ** 31 - 1,
      jobCleanupIntervalMs: 35_791 * 60_000,
    });
  });

  it.each([
    ['PORT', { LLM_API_KEY: 'sk-secret', PORT: 'x' }],
    ['LLM_MODEL', { LLM_API_KEY: 'sk-secret', LLM_BASE_URL: 'http://127.0.0.1:1/v1' }],
  ])('never echoes a key in its messages (bad %s)', (name, env) => {
    let thrown: unknown;
    try {
      parseConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { message } = thrown as ConfigError;
    expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    expect(message).not.toContain('sk-secret');
  });
});
