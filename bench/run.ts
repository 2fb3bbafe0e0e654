// pnpm bench [--quick] [--profile] [KEY=VALUE...]: starts everything it needs on loopback,
// runs each case against a reference in the same run, prints figures and ratios and writes
// bench/results/latest.{json,md}. Load generators always run in processes of their own (wrk,
// or forked Node clients); the server under test is the real app (buildApp) in its own process.
//   --quick     every case briefly (under a minute in all), for smoke checks
//   --profile   the server processes write V8 CPU profiles (path printed at the end)
//   --only=CASES  a comma-separated subset of reads,e2e,sse,control,restsse; prints figures, writes no report
//   KEY=VALUE   server settings as in the environment, e.g. PIPELINE_WORKERS=1 TRPC_FAST_PATHS=false
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { startChild, type Child } from './support/child.ts';
import { compare, type Comparison } from './support/compare.ts';
import { componentFigures } from './support/components.ts';
import { runE2eCase } from './support/e2e-case.ts';
import { machine } from './support/machine.ts';
import { writeReport, type Results } from './support/report.ts';
import { sampleArticle } from './support/samples.ts';
import { runSseCase } from './support/sse-case.ts';
import { runCancelCase } from './support/cancel-case.ts';
import { runRestSseCase } from './support/rest-sse-case.ts';
import { hasWrk } from './support/wrk.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profileDir = args.includes('--profile') ? mkdtempSync(join(tmpdir(), 'noticias-bench-profiles-')) : undefined;
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const runs = (name: 'reads' | 'e2e' | 'sse' | 'control' | 'restsse') => only === null || only.has(name);
const serverSettings = args.filter((arg) => /^[A-Z][A-Z0-9_]*=/.test(arg));
const reads = quick ? { rounds: 1, seconds: 1 } : { rounds: 5, seconds: 5 };
const here = import.meta.dirname;
const log = (line: string) => console.log(line);

if (!(await hasWrk())) {
  console.error('wrk is not installed: `apt-get install -y wrk` (Debian) and run again.');
  process.exit(1);
}

interface Server {
  child: Child;
  base: string;
  /** The same app with TRPC_FAST_PATHS=false, in the same process, over the same tracker. */
  official: string;
}

async function startServer(): Promise<Server> {
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = await startChild(join(here, 'support/bench-server.ts'), serverSettings, nodeArgs);
  return { child, base: `http://127.0.0.1:${child.ready.port as number}`, official: `http://127.0.0.1:${child.ready.officialPort as number}` };
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const describe = (c: Comparison) =>
  `${fmt(c.ours.rps)} req/s vs plain Fastify ${fmt(c.ref.rps)} -> ${round(c.ratio)}x (server CPU per request ${round(c.ours.cpuMicrosPerRequest, 1)} vs ${round(c.ref.cpuMicrosPerRequest, 1)} µs -> ${round(c.cpuRatio)}x)`;

const results: Results = { quick, date: new Date().toISOString(), server_settings: serverSettings.join(' ') || 'defaults' };
const before = machine();
log(`${before.cpus} x ${before.cpuModel}, node ${before.node}, load average ${before.loadAverage.join(' ')}${quick ? ' (--quick)' : ''}`);

const server = await startServer();
try {
  // A completed job, made through the real REST path.
  const submitted = (await (
    await fetch(`${server.base}/procesar_articulo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleArticle()) })
  ).json()) as { job_id: string };
  const jobId = submitted.job_id;

  /** A plain route in the same process answering exactly `url`'s bytes. */
  async function referenceFor(key: string, url: string): Promise<string> {
    const body = await (await fetch(url)).text();
    await server.child.call({ cmd: 'setBaseline', key, body });
    const reference = `${server.base}/__baseline/json/${key}`;
    if ((await (await fetch(reference)).text()) !== body) throw new Error(`reference ${key} does not answer the same bytes`);
    return reference;
  }

  const restUrl = `${server.base}/status/${jobId}`;
  if (runs('reads')) await readCases();
  async function readCases(): Promise<void> {
  // REST status.
  const rest = await compare(server.child, { ours: restUrl, ref: await referenceFor('rest', restUrl) }, reads);
  Object.assign(results, {
    baseline_fastify_rps: Math.round(rest.ref.rps),
    rest_status_rps: Math.round(rest.ours.rps),
    rest_status_ratio: round(rest.ratio),
    rest_status_cpu_ratio: round(rest.cpuRatio),
  });
  log(`REST /status: ${describe(rest)}`);

  // tRPC getStatus, with the URLs exactly as @trpc/client builds them (captured, not re-derived).
  const urls: string[] = [];
  const capture = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${server.base}/trpc`,
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
  const trpc = await compare(server.child, { ours: single, ref: await referenceFor('trpc', single) }, reads);
  const trpc5 = await compare(server.child, { ours: batch5, ref: await referenceFor('trpc5', batch5) }, reads);
  const officialTrpc = await compare(server.child, { ours: single.replace(server.base, server.official), ref: `${server.base}/__baseline/json/trpc` }, reads);
  Object.assign(results, {
    trpc_status_rps: Math.round(trpc.ours.rps),
    trpc_status_ratio: round(trpc.ratio),
    trpc_status_cpu_ratio: round(trpc.cpuRatio),
    trpc_status_batch5_rps: Math.round(trpc5.ours.rps),
    trpc_status_batch5_ratio: round(trpc5.ratio),
    trpc_status_official_rps: Math.round(officialTrpc.ours.rps),
    trpc_status_official_ratio: round(officialTrpc.ratio),
    trpc_status_official_cpu_ratio: round(officialTrpc.cpuRatio),
  });
  log(`tRPC getStatus (httpBatchLink, one query): ${describe(trpc)}`);
  log(`tRPC getStatus, five in one batch: ${describe(trpc5)}`);
  log(`tRPC getStatus through the official adapter (TRPC_FAST_PATHS=false): ${describe(officialTrpc)}`);
  }

  // End to end, and /status latency while articles are processed.
  if (runs('control')) Object.assign(results, await runCancelCase({ base: server.base, quick, log }));
  if (runs('e2e')) Object.assign(results, await runE2eCase({ server: server.child, base: server.base, statusUrl: restUrl, seconds: quick ? 3 : 10, rounds: quick ? 1 : 3, log }));
} finally {
  await server.child.stop();
}

// Live status over SSE: ours (onStatus) and a plain SSE route, each in a server of its own.
if (runs('sse')) Object.assign(results, await runSseCase({ startServer, quick, log }));
if (runs('restsse')) Object.assign(results, await runRestSseCase({ startServer, quick, log }));
if (only !== null) {
  log(`\n--only: no report written`);
  process.exit(0);
}

Object.assign(results, componentFigures(join(here, 'results')));
const after = machine();
Object.assign(results, {
  machine: `${before.cpus} x ${before.cpuModel}, ${before.memoryGb} GB, node ${before.node}`,
  load_average_before: before.loadAverage[0],
  load_average_after: after.loadAverage[0],
});
writeReport(join(here, 'results'), results);
log(`\nwritten: bench/results/latest.json, bench/results/latest.md`);
if (profileDir) log(`CPU profiles of the server processes: ${profileDir}`);
