import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { IdempotencyStore } from '@noticias/api';
import type { Pipeline } from '@noticias/pipeline';
import type { JobTracker, MemoryJobTrackerOptions } from '@noticias/tracker';
import { afterEach } from 'vitest';
import { samplesDir } from '../../../../test/support/repo.ts';
import { buildApp, type BuiltApp } from '../../src/build-app.ts';
import { parseConfig, type ServerConfig } from '../../src/config.ts';
import { createServices } from '../../src/create-services.ts';

export const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

const samples = samplesDir();
export const sampleFiles = (dir: 'articles' | 'fragments' | 'invalid') =>
  readdirSync(join(samples, dir)).filter((f) => f.endsWith('.json') || f.endsWith('.txt'));
export const sampleText = (dir: string, file: string) => readFileSync(join(samples, dir, file), 'utf8');
export const sampleJson = (dir: string, file: string) => JSON.parse(sampleText(dir, file)) as Record<string, unknown>;

/** A parsed response body; tests check its shape with assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field by the assertions
export type JsonBody = any;

export interface TestServer extends BuiltApp {
  url: string;
  tracker: JobTracker;
  pipeline: Pipeline;
  config: ServerConfig;
  close(): Promise<void>;
}

/** A real server on an ephemeral port: the real tracker and, unless a test wraps it, the real pipeline (offline extractor, inline). */
export async function startServer(
  overrides: Partial<ServerConfig> = {},
  options: {
    wrapPipeline?: (real: Pipeline) => Pipeline;
    tracker?: MemoryJobTrackerOptions;
    idempotency?: IdempotencyStore;
    webRoot?: string;
    port?: number;
  } = {},
): Promise<TestServer> {
  const config = {
    ...parseConfig({
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      PIPELINE_WORKERS: '0',
    }),
    ...overrides,
  };
  const { tracker, pipeline: real } = createServices(config, options.tracker);
  const pipeline = options.wrapPipeline ? options.wrapPipeline(real) : real;
  const built = await buildApp(config, {
    tracker,
    pipeline,
    version: VERSION,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await built.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as AddressInfo;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    tracker,
    pipeline,
    config,
    async close() {
      await built.app.close();
      await real.close();
      await tracker.close();
    },
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: JsonBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as JsonBody };
}

export { history } from '../../../../test/support/collect.ts';

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The real pipeline, held back until the gate opens; `started` counts runs that reached the gate. */
export function gatedPipeline(real: Pipeline, wait: Gate): Pipeline & { started: number; onStart?: () => void } {
  const wrapped: Pipeline & { started: number; onStart?: () => void } = {
    started: 0,
    async run(input, runOptions) {
      wrapped.started += 1;
      wrapped.onStart?.();
      await wait.promise;
      return real.run(input, runOptions);
    },
    close: () => real.close(),
  };
  return wrapped;
}

export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const FRESH_ID = /^req_[0-9a-f]{32}$/;

/**
 * The `server()` of a test file: `startServer` with `defaults()` (read at each start, so a
 * `beforeEach` may change them) under the test's own overrides; every server it started is
 * closed after each test.
 */
export function useServers(defaults: () => Partial<ServerConfig> = () => ({})): typeof startServer {
  const started: TestServer[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.close();
  });
  return async (overrides = {}, options = {}) => {
    const s = await startServer({ ...defaults(), ...overrides }, options);
    started.push(s);
    return s;
  };
}
