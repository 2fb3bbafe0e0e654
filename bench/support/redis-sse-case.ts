import type { Results } from './report.ts';
import { startMemoryServer, startRedisTopology } from './redis-topology.ts';
import { onStatusUrl, PER_JOB, RATE, runSseOnce, runSseSide, WARMUP_MS, type SseRun } from './sse-case.ts';

/**
 * The SSE case across processes: `onStatus` subscribers (10,000, 2,000 with --quick; forked
 * clients, 10 per job) on one ROLE=api process, while the ROLE=worker process beside it creates
 * their jobs and writes 1,000 progress updates/s through its Redis tracker; every event reaches
 * the api process through the Redis event stream. The same load on the all-in-one in-memory
 * server (updates written in the process that serves them) runs after it as the reference.
 */
export async function runRedisSseCase(opts: {
  settings: string[];
  quick: boolean;
  log: (line: string) => void;
}): Promise<Results> {
  const { settings, quick, log } = opts;
  const subscribers = quick ? 2000 : 10_000;
  const durationMs = quick ? 3000 : 10_000;
  const topology = await startRedisTopology(settings);
  let ours: SseRun;
  try {
    ours = await runSseOnce(
      topology.api,
      (jobId) => onStatusUrl(topology.base, jobId),
      subscribers,
      durationMs,
      topology.worker,
    );
  } finally {
    await topology.stop();
  }
  const ref = await runSseSide(() => startMemoryServer(settings), onStatusUrl, subscribers, durationMs);
  if (ours.errors > 0 || ref.errors > 0)
    throw new Error(`subscription socket errors: api process over Redis ${ours.errors}, all-in-one ${ref.errors}`);
  if (ours.expected === 0) throw new Error('the worker process sent no update');
  const updatesPerS = Math.round(ours.expected / PER_JOB / (durationMs / 1000));
  log(
    `Redis SSE onStatus, ${subscribers} subscribers on the api process, ${updatesPerS} updates/s (target ${RATE}) from the worker process: ` +
      `p50 ${ours.p50} ms, p99 ${ours.p99} ms, delivered ${ours.delivered}/${ours.expected}, api peak RSS ${ours.peakRssMb} MB, ${ours.cpuMicrosPerDelivery} µs api CPU/delivery; ` +
      `all-in-one in memory p50 ${ref.p50} ms, p99 ${ref.p99} ms, delivered ${ref.delivered}/${ref.expected}`,
  );
  log(
    `  first ${WARMUP_MS / 1000} s after connecting (warm-up, not in the figures above): p99 ${ours.warmupP99} ms; in memory ${ref.warmupP99} ms`,
  );
  log(
    `  p99 per second of the run, over Redis: ${ours.p99BySecond.join(' ')}; in memory: ${ref.p99BySecond.join(' ')}`,
  );
  return {
    redis_sse_subscribers: subscribers,
    redis_sse_updates_per_s: updatesPerS,
    redis_sse_p50_ms: ours.p50,
    redis_sse_p99_ms: ours.p99,
    redis_sse_delivered_ratio: Number((ours.delivered / ours.expected).toFixed(4)),
    redis_sse_max_ms: ours.max,
    redis_sse_warmup_p99_ms: ours.warmupP99,
    redis_sse_rss_mb: ours.peakRssMb,
    redis_sse_kb_per_subscriber: ours.kbPerSubscriber,
    redis_sse_cpu_us_per_delivery: ours.cpuMicrosPerDelivery,
    redis_sse_listeners_after_close: ours.listenersAfter,
    redis_sse_memory_p50_ms: ref.p50,
    redis_sse_memory_p99_ms: ref.p99,
    redis_sse_memory_delivered_ratio: Number((ref.delivered / ref.expected).toFixed(4)),
    redis_sse_memory_cpu_us_per_delivery: ref.cpuMicrosPerDelivery,
  };
}
