import { runSseSide, type ServerHandle } from './sse-case.ts';

/**
 * REST live status (`GET /status/{id}`, `Accept: text/event-stream`) under the SSE case's load
 * (10,000 subscribers, 2,000 with --quick, 10 per job, 1,000 updates/s), against the plain SSE
 * route over the same tracker feed, each in a server of its own.
 */
export async function runRestSseCase(opts: {
  startServer: () => Promise<ServerHandle>;
  quick: boolean;
  log: (line: string) => void;
}) {
  const { startServer, quick, log } = opts;
  const subscribers = quick ? 2000 : 10_000;
  const durationMs = quick ? 3000 : 10_000;
  const ours = await runSseSide(startServer, (base, jobId) => `${base}/status/${jobId}`, subscribers, durationMs);
  const ref = await runSseSide(
    startServer,
    (base, jobId) => `${base}/__baseline/sse/${jobId}`,
    subscribers,
    durationMs,
  );
  if (ours.errors > 0 || ref.errors > 0)
    throw new Error(`subscription socket errors: REST /status ${ours.errors}, plain SSE route ${ref.errors}`);
  const ratio = ours.delivered / ours.expected;
  log(
    `REST SSE /status, ${subscribers} subscribers: p50 ${ours.p50} ms, p99 ${ours.p99} ms, delivered ${ours.delivered}/${ours.expected}, ${ours.kbPerSubscriber} KB/subscriber, ${ours.cpuMicrosPerDelivery} µs CPU/delivery; ` +
      `plain SSE route p99 ${ref.p99} ms, ${ref.kbPerSubscriber} KB/subscriber, ${ref.cpuMicrosPerDelivery} µs CPU/delivery`,
  );
  return {
    rest_sse_subscribers: subscribers,
    rest_sse_p50_ms: ours.p50,
    rest_sse_p99_ms: ours.p99,
    rest_sse_delivered_ratio: Number(ratio.toFixed(4)),
    rest_sse_kb_per_subscriber: ours.kbPerSubscriber,
    rest_sse_cpu_us_per_delivery: ours.cpuMicrosPerDelivery,
    rest_sse_listeners_after_close: ours.listenersAfter,
    rest_sse_baseline_p99_ms: ref.p99,
    rest_sse_cpu_ratio: Number((ours.cpuMicrosPerDelivery / Math.max(0.1, ref.cpuMicrosPerDelivery)).toFixed(2)),
  };
}
