// pnpm bench [--quick]: starts everything it needs on loopback, runs each case against a
// reference in the same run, prints ratios and writes bench/results/latest.{json,md}.
// Load generators always run in their own processes (wrk, or forked Node clients).
import { join } from 'node:path';
import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { startChild } from './support/child.ts';
import { hasWrk, wrk, type WrkResult } from './support/wrk.ts';
import { sampleArticle } from './support/samples.ts';
import { runSseCase } from './support/sse-case.ts';
import { writeReport } from './support/report.ts';

const quick = process.argv.includes('--quick');
const seconds = quick ? 2 : 8;
const here = import.meta.dirname;

if (!(await hasWrk())) {
  console.error('wrk is not installed: `apt-get install -y wrk` (Debian) and run again.');
  process.exit(1);
}

const server = await startChild(join(here, 'support/bench-server.ts'));
const base = `http://127.0.0.1:${server.ready.port as number}`;
const results: Record<string, number | string | boolean> = { quick, date: new Date().toISOString() };
const log = (line: string) => console.log(line);

/** Best of `rounds` alternating runs: the same machine noise hits both sides. */
async function compare(ours: string, reference: string, connections = 50): Promise<{ ours: WrkResult; ref: WrkResult }> {
  await wrk(ours, { connections, seconds: 1 });
  await wrk(reference, { connections, seconds: 1 });
  let best: { ours: WrkResult; ref: WrkResult } | undefined;
  for (let round = 0; round < (quick ? 1 : 2); round++) {
    const ref = await wrk(reference, { connections, seconds });
    const o = await wrk(ours, { connections, seconds });
    if (!best || o.rps / ref.rps > best.ours.rps / best.ref.rps) best = { ours: o, ref };
  }
  return best!;
}

async function baselineFor(key: string, url: string): Promise<string> {
  const body = await (await fetch(url)).text();
  await server.call({ cmd: 'setBaseline', key, body });
  const echoed = await (await fetch(`${base}/__baseline/json/${key}`)).text();
  if (echoed !== body) throw new Error(`baseline ${key} does not return the same bytes`);
  return `${base}/__baseline/json/${key}`;
}

try {
  // A completed job, made through the real REST path.
  const submitted = (await (
    await fetch(`${base}/procesar_articulo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleArticle()) })
  ).json()) as { job_id: string };
  const jobId = submitted.job_id;

  // REST status.
  const restUrl = `${base}/status/${jobId}`;
  const rest = await compare(restUrl, await baselineFor('rest', restUrl));
  Object.assign(results, {
    baseline_fastify_rps: Math.round(rest.ref.rps),
    rest_status_rps: Math.round(rest.ours.rps),
    rest_status_ratio: round(rest.ours.rps / rest.ref.rps),
  });
  log(`REST /status: ${fmt(rest.ours.rps)} req/s vs plain Fastify ${fmt(rest.ref.rps)} -> ${results.rest_status_ratio}x`);

  // tRPC getStatus, with the URL exactly as @trpc/client builds it (captured, not re-derived).
  const urls: string[] = [];
  const capture = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        transformer: superjson,
        fetch: (input, init) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      }),
    ],
  });
  await capture.getStatus.query({ jobId });
  await Promise.all(Array.from({ length: 5 }, () => capture.getStatus.query({ jobId })));
  const [single, batch5] = [urls[0]!, urls[1]!];
  const trpc = await compare(single, await baselineFor('trpc', single));
  const trpc5 = await compare(batch5, await baselineFor('trpc5', batch5));
  Object.assign(results, {
    trpc_status_rps: Math.round(trpc.ours.rps),
    trpc_status_ratio: round(trpc.ours.rps / trpc.ref.rps),
    trpc_status_batch5_rps: Math.round(trpc5.ours.rps),
    trpc_status_batch5_ratio: round(trpc5.ours.rps / trpc5.ref.rps),
  });
  log(`tRPC getStatus: ${fmt(trpc.ours.rps)} req/s vs ${fmt(trpc.ref.rps)} -> ${results.trpc_status_ratio}x; batch of 5: ${fmt(trpc5.ours.rps)} req/s`);

  // Live status over SSE: ours (onStatus) and a plain SSE route, same feed, same load.
  Object.assign(results, await runSseCase({ server, base, quick, log }));

  // End to end, and /status latency while articles are processed.
  const idle = await wrk(restUrl, { connections: 10, seconds });
  const load = await startChild(join(here, 'support/submit-load.ts'), [base, '4']);
  await load.call({ cmd: 'start' });
  const busy = await wrk(restUrl, { connections: 10, seconds });
  const e2e = await load.call<{ completed: number; failed: number; seconds: number }>({ cmd: 'stop' });
  Object.assign(results, {
    e2e_articles_per_s: round(e2e.completed / e2e.seconds, 1),
    e2e_failed: e2e.failed,
    status_p99_idle_ms: idle.p99Ms,
    status_p99_busy_ms: busy.p99Ms,
    status_p99_under_load_ratio: round(busy.p99Ms / idle.p99Ms),
  });
  log(`e2e: ${results.e2e_articles_per_s} articles/s; /status p99 idle ${idle.p99Ms} ms, under load ${busy.p99Ms} ms -> ${results.status_p99_under_load_ratio}x`);
} finally {
  await server.stop();
}

writeReport(join(here, 'results'), results);
log(`\nwritten: bench/results/latest.json, bench/results/latest.md`);

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}
function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}
