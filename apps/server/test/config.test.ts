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
      sseMaxDurationMs: 0,
      redisUrl: null,
      redisPrefix: 'noticias',
      role: 'all',
      redisLockDurationMs: 30_000,
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

  it('never echoes a key in its messages', () => {
    try {
      parseConfig({ LLM_API_KEY: 'sk-secret', PORT: 'x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('sk-secret');
    }
  });
});
