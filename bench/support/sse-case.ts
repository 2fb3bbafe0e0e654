import { join } from 'node:path';
import superjson from 'superjson';
import { startChild, type Child } from './child.ts';

export interface SseRun {
  warmupP99: number;
  warmupDelivered: number;
  p50: number;
  p99: number;
  max: number;
  p99BySecond: number[];
  delivered: number;
  expected: number;
  peakRssMb: number;
  /** Peak RSS growth over the process before the subscribers connected, per subscriber. */
  kbPerSubscriber: number;
  cpuMicrosPerDelivery: number;
  listenersAfter: number;
  /** Socket errors of the subscriptions up to the end of the measured phase (before they are closed). */
  errors: number;
}

export const PER_JOB = 10;
export const RATE = 1000;
export const WARMUP_MS = 2000;

interface LoadReport {
  received: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  p99BySecond: number[];
}

/**
 * One phase of updates, written by `producer` (the server itself, or another process over
 * Redis): marks the clients, sends, waits until everything arrived (or 10 s).
 */
async function deliver(server: Child, producer: Child, load: Child, ids: string[], durationMs: number) {
  await load.call({ cmd: 'mark' });
  const cpuBefore = (await server.call<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
  const { sent } = await producer.call<{ sent: number }>({ cmd: 'updates', ids, ratePerSec: RATE, durationMs });
  const expected = sent * PER_JOB;
  let report = await load.call<LoadReport>({ cmd: 'report' });
  for (let waited = 0; report.received < expected && waited < 10_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    report = await load.call<LoadReport>({ cmd: 'report' });
  }
  const cpuMicros = (await server.call<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros - cpuBefore;
  return { report, expected, cpuMicros };
}

/**
 * `subscribers` SSE connections to `server`, 10 per job, and 1,000 progress updates/s over
 * their jobs, which `producer` creates and updates: the server itself, or another process of
 * the same deployment whose tracker writes to the same Redis.
 */
export async function runSseOnce(
  server: Child,
  urlFor: (jobId: string) => string,
  subscribers: number,
  durationMs: number,
  producer: Child = server,
): Promise<SseRun> {
  const { ids } = await producer.call<{ ids: string[] }>({ cmd: 'seedProcessing', count: subscribers / PER_JOB });
  const urls = ids.flatMap((id) => Array.from({ length: PER_JOB }, () => urlFor(id)));
  const load = await startChild(join(import.meta.dirname, 'sse-load.ts'));
  try {
    const before = await server.call<{ rssBytes: number }>({ cmd: 'memory' });
    await server.call({ cmd: 'resetPeak' });
    await load.call({ cmd: 'connect', urls });
    // The first second after thousands of subscribers connect is a transient (the garbage of
    // the connections, code not yet optimised): measured and reported apart, then the steady state.
    const warmup = await deliver(server, producer, load, ids, WARMUP_MS);
    const { report, expected, cpuMicros } = await deliver(server, producer, load, ids, durationMs);
    const memory = await server.call<{ peakRssBytes: number }>({ cmd: 'memory' });
    await load.call({ cmd: 'close' });
    // Listeners go when the server notices the closed sockets; give it a moment.
    let listeners = -1;
    for (let waited = 0; waited < 10_000; waited += 100) {
      listeners = (await server.call<{ listeners: number }>({ cmd: 'memory' })).listeners;
      if (listeners === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      warmupP99: warmup.report.p99,
      warmupDelivered: warmup.report.received / warmup.expected,
      p50: report.p50,
      p99: report.p99,
      max: report.max,
      p99BySecond: report.p99BySecond,
      delivered: report.received,
      expected,
      peakRssMb: Math.round(memory.peakRssBytes / 1e6),
      kbPerSubscriber: Math.round((memory.peakRssBytes - before.rssBytes) / subscribers / 100) / 10,
      // Server CPU (all of it: updates, fan-out, writes) per event delivered, while delivering.
      cpuMicrosPerDelivery: Math.round((10 * cpuMicros) / Math.max(1, report.received)) / 10,
      listenersAfter: listeners,
      errors: report.errors,
    };
  } finally {
    await load.stop();
  }
}

/** The URL httpSubscriptionLink opens for onStatus({ jobId }). */
export const onStatusUrl = (base: string, jobId: string): string =>
  `${base}/trpc/onStatus?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ jobId })))}`;

export interface ServerHandle {
  child: Child;
  base: string;
}

/** One side of an SSE comparison in a server of its own (also used by rest-sse-case.ts). */
export async function runSseSide(
  startServer: () => Promise<ServerHandle>,
  url: (base: string, jobId: string) => string,
  subscribers: number,
  durationMs: number,
): Promise<SseRun> {
  const { child, base } = await startServer();
  try {
    return await runSseOnce(child, (jobId) => url(base, jobId), subscribers, durationMs);
  } finally {
    await child.stop();
  }
}

/**
 * 10,000 subscribers (2,000 with --quick), 10 per job, 1,000 progress updates/s over their
 * jobs. Each side runs in a server process of its own, so neither inherits the other's heap
 * and memory per subscriber means something for both.
 */
export async function runSseCase(opts: {
  startServer: () => Promise<ServerHandle>;
  quick: boolean;
  log: (line: string) => void;
}) {
  const { startServer, quick, log } = opts;
  const subscribers = quick ? 2000 : 10_000;
  const durationMs = quick ? 3000 : 10_000;
  const side = async (url: (base: string, jobId: string) => string) => {
    const { child, base } = await startServer();
    try {
      return await runSseOnce(child, (jobId) => url(base, jobId), subscribers, durationMs);
    } finally {
      await child.stop();
    }
  };
  const ours = await side(onStatusUrl);
  const ref = await side((base, jobId) => `${base}/__baseline/sse/${jobId}`);
  if (ours.errors > 0 || ref.errors > 0)
    throw new Error(`subscription socket errors: onStatus ${ours.errors}, plain SSE route ${ref.errors}`);
  log(
    `SSE onStatus, ${subscribers} subscribers: p50 ${ours.p50} ms, p99 ${ours.p99} ms, delivered ${ours.delivered}/${ours.expected}, peak RSS ${ours.peakRssMb} MB (${ours.kbPerSubscriber} KB/subscriber), ${ours.cpuMicrosPerDelivery} µs CPU/delivery; plain SSE route p50 ${ref.p50} ms, p99 ${ref.p99} ms, ${ref.kbPerSubscriber} KB/subscriber, ${ref.cpuMicrosPerDelivery} µs CPU/delivery`,
  );
  log(
    `  first ${WARMUP_MS / 1000} s after connecting (warm-up, not in the figures above): p99 ${ours.warmupP99} ms; plain ${ref.warmupP99} ms`,
  );
  log(`  p99 per second of the run, onStatus: ${ours.p99BySecond.join(' ')}; plain: ${ref.p99BySecond.join(' ')}`);
  return {
    sse_subscribers: subscribers,
    sse_p50_ms: ours.p50,
    sse_p99_ms: ours.p99,
    sse_delivered_ratio: Number((ours.delivered / ours.expected).toFixed(4)),
    sse_max_ms: ours.max,
    sse_warmup_p99_ms: ours.warmupP99,
    sse_warmup_delivered_ratio: Number(ours.warmupDelivered.toFixed(4)),
    sse_rss_mb: ours.peakRssMb,
    sse_kb_per_subscriber: ours.kbPerSubscriber,
    sse_cpu_us_per_delivery: ours.cpuMicrosPerDelivery,
    sse_listeners_after_close: ours.listenersAfter,
    sse_baseline_p50_ms: ref.p50,
    sse_baseline_p99_ms: ref.p99,
    sse_baseline_warmup_p99_ms: ref.warmupP99,
    sse_baseline_rss_mb: ref.peakRssMb,
    sse_baseline_kb_per_subscriber: ref.kbPerSubscriber,
    sse_baseline_cpu_us_per_delivery: ref.cpuMicrosPerDelivery,
    sse_baseline_delivered_ratio: Number((ref.delivered / ref.expected).toFixed(4)),
  };
}
