// The server under test, in its own process (started by bench/run.ts through `fork`, with tsx).
// It is the real app from buildApp plus reference routes in the same process, so every ratio
// compares like with like: same Fastify instance, same hooks, same machine load.
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import {
  constants as perfConstants,
  monitorEventLoopDelay,
  PerformanceObserver,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { join } from 'node:path';
import { buildApp } from '../../apps/server/src/build-app.ts';
import { parseConfig } from '../../apps/server/src/config.ts';
import { startServices } from '../../apps/server/src/create-services.ts';
import { lowerWorkerPriority } from '../../apps/server/src/worker-priority.ts';
import { stopServer } from '../../apps/server/src/stop-server.ts';
import type { BenchCommand, BenchReply } from './protocol.ts';

const root = join(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'apps/server/package.json'), 'utf8')) as { version: string })
  .version;

// Extra settings from the command line, KEY=VALUE as in the environment (e.g. PIPELINE_WORKERS=1),
// over the bench's own. All of them go back to the harness, which records them in the report.
const overrides = Object.fromEntries(
  process.argv.slice(2).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const settings: Record<string, string> = {
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  JOB_MAX_STORED: '200000',
  QUEUE_MAX: '100000',
  MAX_EVENT_LOOP_DELAY_MS: '0',
  ...overrides,
};
const config = parseConfig(settings);
// As main.ts does: a ROLE=worker process that extracts on its main thread lowers its priority.
lowerWorkerPriority(config);
// REDIS_URL=... (and ROLE=...) as a setting benches the Redis backend: the same cases, over Redis.
const services = await startServices(config);
const { tracker, pipeline, queue, idempotency, results } = services;
const { app, jobs } = await buildApp(config, { tracker, pipeline, queue, idempotency, results, version });
// The same app with the official tRPC adapter only (TRPC_FAST_PATHS=false), over the same
// tracker, on a port of its own: what the fast routes are measured against besides plain Fastify.
const { app: official } = await buildApp(
  { ...config, trpcFastPaths: false },
  { tracker, pipeline, queue, idempotency, results, version },
);
const consumer = services.consume ? await services.consume(jobs) : undefined;
// SIGTERM: the server's own graceful stop (as main.ts does), which the Redis fault case sends.
process.once('SIGTERM', () => {
  const { closeShared } = services;
  void stopServer({ app, jobs, pipeline, tracker, consumer, closeShared, graceMs: config.shutdownGraceMs })
    .then(() => official.close())
    .finally(() => process.exit(0));
});

// Reference bodies, set by the harness to exactly what our routes answer, kept as the string
// they arrived as: our routes send bytes they hold, so the reference must not serialise either.
const baselines = new Map<string, string>();
app.get<{ Params: { key: string } }>('/__baseline/json/:key', (request, reply) => {
  const body = baselines.get(request.params.key);
  if (body === undefined) return reply.code(404).send();
  void reply.header('content-type', 'application/json; charset=utf-8');
  return reply.send(body);
});

// A plain SSE route over the same tracker feed: the reference for live status.
app.get<{ Params: { jobId: string } }>('/__baseline/sse/:jobId', (request, reply) => {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  void (async () => {
    try {
      for await (const event of tracker.subscribe(request.params.jobId, { signal: abort.signal })) {
        res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event.snapshot)}\n\n`);
      }
    } catch {
      // aborted or job gone: nothing to report to a benchmark client
    } finally {
      res.end();
    }
  })();
});

await app.listen({ port: 0, host: '127.0.0.1' });
await official.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const officialPort = (official.server.address() as AddressInfo).port;

// Event-loop delay of the server's main thread: tells a busy loop from a descheduled process.
// The histogram holds whole sampling intervals; the delay is what exceeds the resolution.
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();
const lateness = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS);

// Garbage-collection pauses of the main thread (young-generation scavenges and the final pause
// of a major GC), since the last `gcPauses` call: a poll that lands in one waits for it.
const gcPauses = { minor: [] as number[], majorMs: 0, majorCount: 0, since: performance.now() };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gcPauses.minor.push(entry.duration);
    else {
      gcPauses.majorMs += entry.duration;
      gcPauses.majorCount++;
    }
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

function takeGcPauses() {
  const seconds = (performance.now() - gcPauses.since) / 1000;
  const minor = gcPauses.minor.slice().sort((a, b) => a - b);
  const total = minor.reduce((sum, ms) => sum + ms, 0) + gcPauses.majorMs;
  const figures = {
    scavengesPerS: minor.length / seconds,
    scavengeAvgMs: minor.length ? minor.reduce((sum, ms) => sum + ms, 0) / minor.length : 0,
    scavengeMaxMs: minor.at(-1) ?? 0,
    majorPerS: gcPauses.majorCount / seconds,
    // Share of wall time the main thread spent paused for GC.
    pauseShare: total / 1000 / seconds,
  };
  Object.assign(gcPauses, { minor: [], majorMs: 0, majorCount: 0, since: performance.now() });
  return figures;
}

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
rssTimer.unref();

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of the main thread alone (the event loop), without the pipeline's worker threads; Linux only. */
function mainThreadCpuMicros(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted from the state field here.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function seedProcessing(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const job = await tracker.create({
      kind: 'fragmento',
      metadata: {
        tipo: 'fragmento',
        id_fragmento: `bench-${i}`,
        id_articulo_fuente: 'bench',
        longitud_texto: 100,
        orden_en_articulo: i,
      },
    });
    await tracker.start(job.job_id);
    ids.push(job.job_id);
  }
  return ids;
}

/** `ratePerSec` progress updates spread round-robin over `ids`, for `durationMs`. */
async function runUpdates(ids: string[], ratePerSec: number, durationMs: number): Promise<number> {
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((ratePerSec * tickMs) / 1000));
  const ticks = Math.round(durationMs / tickMs);
  let next = 0;
  let sent = 0;
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    for (let k = 0; k < perTick; k++) {
      const id = ids[next++ % ids.length]!;
      await tracker.progress(id, {
        percentage: sent % 100,
        message: `bench ${sent}`,
        phase: 'extraccion',
        phase_index: 2,
        phase_count: 4,
      });
      sent++;
    }
    // Schedule against the start time so a slow tick does not lower the rate.
    const wait = started + (tick + 1) * tickMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return sent;
}

async function handle(command: BenchCommand): Promise<BenchReply> {
  switch (command.cmd) {
    case 'setBaseline':
      baselines.set(command.key, command.body);
      return { ok: true };
    case 'seedProcessing':
      return { ok: true, ids: await seedProcessing(command.count) };
    case 'updates':
      return { ok: true, sent: await runUpdates(command.ids, command.ratePerSec, command.durationMs) };
    case 'memory':
      return {
        ok: true,
        rssBytes: process.memoryUsage().rss,
        peakRssBytes: peakRss,
        listeners: tracker.listenerCount(),
      };
    case 'cpu': {
      // Server CPU time: per request, it is steadier than requests/s on a machine shared with the load generators.
      const { user, system } = process.cpuUsage();
      return { ok: true, cpuMicros: user + system, mainThreadCpuMicros: mainThreadCpuMicros() };
    }
    case 'loopDelay': {
      const figures = {
        p50Ms: lateness(loopDelay.percentile(50)),
        p99Ms: lateness(loopDelay.percentile(99)),
        maxMs: lateness(loopDelay.max),
      };
      loopDelay.reset();
      return { ok: true, ...figures };
    }
    case 'gcPauses':
      return { ok: true, ...takeGcPauses() };
    case 'resetPeak':
      peakRss = process.memoryUsage().rss;
      return { ok: true };
    case 'stop':
      clearInterval(rssTimer);
      loopDelay.disable();
      gcObserver.disconnect();
      await official.close();
      await app.close();
      await pipeline.close();
      await tracker.close();
      setImmediate(() => process.exit(0));
      return { ok: true };
    default:
      return { ok: false, error: 'unknown command' };
  }
}

process.on('message', (message: { id: number; command: BenchCommand }) => {
  handle(message.command).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (error: unknown) => process.send?.({ id: message.id, reply: { ok: false, error: String(error) } }),
  );
});
process.send?.({
  ready: true,
  port,
  officialPort,
  settings,
  config: { pipelineWorkers: config.pipelineWorkers, pipelineConcurrency: config.pipelineConcurrency },
});
