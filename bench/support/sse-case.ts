import { join } from 'node:path';
import superjson from 'superjson';
import { startChild, type Child } from './child.ts';

interface SseRun {
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
  peakRssMb: number;
  listenersAfter: number;
}

const PER_JOB = 10;
const RATE = 1000;

async function runOnce(server: Child, urlFor: (jobId: string) => string, subscribers: number, durationMs: number): Promise<SseRun> {
  const { ids } = await server.call<{ ids: string[] }>({ cmd: 'seedProcessing', count: subscribers / PER_JOB });
  const urls = ids.flatMap((id) => Array.from({ length: PER_JOB }, () => urlFor(id)));
  const load = await startChild(join(import.meta.dirname, 'sse-load.ts'));
  try {
    await load.call({ cmd: 'connect', urls });
    await server.call({ cmd: 'resetPeak' });
    await load.call({ cmd: 'mark' });
    const { sent } = await server.call<{ sent: number }>({ cmd: 'updates', ids, ratePerSec: RATE, durationMs });
    const expected = sent * PER_JOB;
    // Drain: wait until everything arrived or 10 s passed.
    let report = await load.call<{ received: number; p50: number; p99: number }>({ cmd: 'report' });
    for (let waited = 0; report.received < expected && waited < 10_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      report = await load.call({ cmd: 'report' });
    }
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
      p50: report.p50,
      p99: report.p99,
      delivered: report.received,
      expected,
      peakRssMb: Math.round(memory.peakRssBytes / 1e6),
      listenersAfter: listeners,
    };
  } finally {
    await load.stop();
  }
}

/** 10,000 subscribers (2,000 with --quick), 10 per job, 1,000 progress updates/s over their jobs. */
export async function runSseCase(opts: { server: Child; base: string; quick: boolean; log: (line: string) => void }) {
  const { server, base, quick, log } = opts;
  const subscribers = quick ? 2000 : 10_000;
  const durationMs = quick ? 3000 : 10_000;
  const ours = await runOnce(
    server,
    (jobId) => `${base}/trpc/onStatus?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ jobId })))}`,
    subscribers,
    durationMs,
  );
  const ref = await runOnce(server, (jobId) => `${base}/__baseline/sse/${jobId}`, subscribers, durationMs);
  log(
    `SSE onStatus, ${subscribers} subscribers: p50 ${ours.p50} ms, p99 ${ours.p99} ms, delivered ${ours.delivered}/${ours.expected}, peak RSS ${ours.peakRssMb} MB; plain SSE route p99 ${ref.p99} ms`,
  );
  return {
    sse_subscribers: subscribers,
    sse_p50_ms: ours.p50,
    sse_p99_ms: ours.p99,
    sse_delivered_ratio: Number((ours.delivered / ours.expected).toFixed(4)),
    sse_rss_mb: ours.peakRssMb,
    sse_listeners_after_close: ours.listenersAfter,
    sse_baseline_p99_ms: ref.p99,
    sse_baseline_delivered_ratio: Number((ref.delivered / ref.expected).toFixed(4)),
  };
}
