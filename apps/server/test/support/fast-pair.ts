import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobResultSummary, JobSnapshot } from '@noticias/contract';
import { createJobRunner, createJobService, createSilentLogger, type JobService } from '@noticias/api';
import type { JobTracker } from '@noticias/tracker';
import superjson from 'superjson';
import { buildApp, type BuiltApp } from '../../src/build-app.ts';
import { parseConfig, type ServerConfig } from '../../src/config.ts';
import { createServices } from '../../src/create-services.ts';
import { VERSION } from './server.ts';

// Two apps over ONE tracker: the same data behind the fast routes and behind the official
// adapter alone, so their answers can be compared byte for byte.

export interface Pair {
  fast: string;
  official: string;
  tracker: JobTracker;
  close(): Promise<void>;
}

export async function startPair(
  overrides: Partial<ServerConfig> = {},
  wrapTracker?: (real: JobTracker) => JobTracker,
): Promise<Pair> {
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
  const { tracker, pipeline } = createServices(config);
  const shared = wrapTracker ? wrapTracker(tracker) : tracker;
  const apps: BuiltApp[] = [];
  const urls: string[] = [];
  for (const trpcFastPaths of [true, false]) {
    const built = await buildApp({ ...config, trpcFastPaths }, { tracker: shared, pipeline, version: VERSION });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(built);
    urls.push(`http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`);
  }
  return {
    fast: urls[0]!,
    official: urls[1]!,
    tracker,
    async close() {
      for (const built of apps) await built.app.close();
      await pipeline.close();
      await tracker.close();
    },
  };
}

/** A fragment job made straight in the tracker: processing, `progress` updates, then completed unless told otherwise. */
export async function makeJob(
  tracker: JobTracker,
  options: { progress?: number; complete?: boolean } = {},
): Promise<JobSnapshot> {
  const created = await tracker.create({
    kind: 'fragmento',
    metadata: {
      tipo: 'fragmento',
      id_fragmento: 'frag-1',
      id_articulo_fuente: 'art-1',
      longitud_texto: 120,
      orden_en_articulo: 0,
    },
  });
  let job = await tracker.start(created.job_id);
  for (let i = 0; i < (options.progress ?? 2); i++) {
    job = await tracker.progress(job.job_id, {
      percentage: 10 * (i + 1),
      message: `paso ${i + 1}`,
      phase: 'extraccion',
      phase_index: 2,
      phase_count: 4,
    });
  }
  if (options.complete === false) return job;
  return tracker.complete(job.job_id, summary());
}

/** A job service over `tracker` for tests that only read and watch jobs: its pipeline is never run. */
export function readOnlyJobService(tracker: JobTracker): JobService {
  return createJobService({
    tracker,
    pipeline: { run: () => Promise.reject(new Error('not used')), close: async () => undefined },
    runner: createJobRunner({ concurrency: 1, queueMax: 1, timeoutMs: 60_000 }),
    logger: createSilentLogger(),
    asyncThreshold: 10_000,
  });
}

export const summary = (): JobResultSummary => ({
  fragmento_id: 'frag-1',
  fragmento_uuid: '00000000-0000-4000-8000-000000000001',
  tiempo_procesamiento_segundos: 0.5,
  elementos_extraidos: { hechos: 1, entidades: 2, citas: 0, datos_cuantitativos: 3 },
});

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request over a fresh connection, the whole body read as text. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

// Headers that differ between two servers for reasons unrelated to tRPC's wire format.
const TRANSPORT_HEADERS = new Set([
  'date',
  'content-length',
  'transfer-encoding',
  'x-request-id',
  'keep-alive',
  'connection',
]);

/** Status, body and the headers that belong to the answer (not to the connection). */
export function comparable(response: RawResponse) {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)));
  return { status: response.status, headers, body: response.body };
}

export interface OpenStream {
  /** Everything received so far. */
  readonly text: string;
  readonly status: Promise<number>;
  /** Resolves with the whole body once the server ends the response. */
  readonly ended: Promise<string>;
  /** Resolves once the received text satisfies `predicate`. */
  until(predicate: (text: string) => boolean): Promise<string>;
  close(): void;
}

/** An SSE request read as raw text, as it arrives. */
export function openStream(url: string, headers: Record<string, string> = {}): OpenStream {
  let text = '';
  const waiters: { predicate: (text: string) => boolean; resolve: (text: string) => void }[] = [];
  let resolveStatus!: (status: number) => void;
  let resolveEnded!: (body: string) => void;
  let rejectEnded!: (error: unknown) => void;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const ended = new Promise<string>((resolve, reject) => {
    resolveEnded = resolve;
    rejectEnded = reject;
  });
  // Closing on purpose rejects `ended`; only a caller that awaits it should hear about that.
  ended.catch(() => undefined);
  const check = () => {
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate(text)) waiter.resolve(text);
      else waiters.push(waiter);
    }
  };
  const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
    resolveStatus(response.statusCode ?? 0);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
      check();
    });
    response.on('end', () => resolveEnded(text));
    response.on('error', rejectEnded);
  });
  request.on('error', rejectEnded);
  return {
    get text() {
      return text;
    },
    status,
    ended,
    until(predicate) {
      if (predicate(text)) return Promise.resolve(text);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close() {
      request.destroy();
    },
  };
}

/** The URL httpSubscriptionLink and httpBatchLink build for one call. */
export function trpcUrl(base: string, path: string, input: unknown, extra = ''): string {
  const encoded = input === undefined ? '' : `input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const query = [encoded, extra].filter(Boolean).join('&');
  return `${base}/trpc/${path}${query ? `?${query}` : ''}`;
}

/** The two ways the server answers tRPC GETs; the client suites run against both. */
export const TRPC_PATHS = [
  { name: 'fast tRPC paths', trpcFastPaths: true },
  { name: 'official tRPC adapter', trpcFastPaths: false },
] as const;

/**
 * Tracker listeners expected for `subscribers` onStatus subscriptions over `jobs` jobs: one per
 * subscription through the official adapter, one per job on the fast paths (shared streams).
 */
export function onStatusListeners(trpcFastPaths: boolean, subscribers: number, jobs: number): number {
  return trpcFastPaths ? jobs : subscribers;
}
