// The server under test, in its own process (started by bench/run.ts through `fork`, with tsx).
// It is the real app from buildApp plus reference routes in the same process, so every ratio
// compares like with like: same Fastify instance, same hooks, same machine load.
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../apps/server/src/build-app.ts';
import { parseConfig } from '../../apps/server/src/config.ts';
import { createServices } from '../../apps/server/src/create-services.ts';
import type { BenchCommand, BenchReply } from './protocol.ts';

const root = join(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'apps/server/package.json'), 'utf8')) as { version: string }).version;

const config = parseConfig({
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  JOB_MAX_STORED: '200000',
  QUEUE_MAX: '100000',
  MAX_EVENT_LOOP_DELAY_MS: '0',
});
const { tracker, pipeline } = createServices(config);
const { app } = await buildApp(config, { tracker, pipeline, version });

// Reference bodies, set by the harness to exactly what our routes answer.
const baselines = new Map<string, unknown>();
app.get<{ Params: { key: string } }>('/__baseline/json/:key', (request, reply) => {
  void reply.header('content-type', 'application/json; charset=utf-8');
  return reply.send(baselines.get(request.params.key));
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
const { port } = app.server.address() as AddressInfo;

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
rssTimer.unref();

async function seedProcessing(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const job = await tracker.create({
      kind: 'fragmento',
      metadata: { tipo: 'fragmento', id_fragmento: `bench-${i}`, id_articulo_fuente: 'bench', longitud_texto: 100, orden_en_articulo: i },
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
      await tracker.progress(id, { percentage: sent % 100, message: `bench ${sent}`, phase: 'extraccion', phase_index: 2, phase_count: 4 });
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
      baselines.set(command.key, JSON.parse(command.body));
      return { ok: true };
    case 'seedProcessing':
      return { ok: true, ids: await seedProcessing(command.count) };
    case 'updates':
      return { ok: true, sent: await runUpdates(command.ids, command.ratePerSec, command.durationMs) };
    case 'memory':
      return { ok: true, rssBytes: process.memoryUsage().rss, peakRssBytes: peakRss, listeners: tracker.listenerCount() };
    case 'resetPeak':
      peakRss = process.memoryUsage().rss;
      return { ok: true };
    case 'stop':
      clearInterval(rssTimer);
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
process.send?.({ ready: true, port });
