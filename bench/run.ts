// pnpm bench [--quick] [--profile] [--only=CASES] [KEY=VALUE...]: starts everything it needs on
// loopback, runs each case against a reference in the same run, prints figures and ratios (the
// median of the rounds with their spread) and writes bench/results/latest.{json,md}. Load
// generators always run in processes of their own (wrk, or forked Node clients); the server under
// test is the real app (buildApp) in its own process. A case whose requests fail (non-2xx
// answers, socket errors, failed submissions) is reported as failed, without figures, and the
// run exits non-zero.
//   --quick     every case briefly (under a minute in all), for smoke checks
//   --profile   the server processes write V8 CPU profiles (path printed at the end)
//   --only=CASES  a comma-separated subset of reads,e2e,sse,control,restsse,auth,redis,redisfaults
//   --quick and --only write their report to bench/results/quick/ (not committed), never over
//   the full run's.
//   KEY=VALUE   server settings as in the environment, e.g. PIPELINE_WORKERS=1 TRPC_FAST_PATHS=false
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createCaseRunner } from './support/cases.ts';
import { startChild, type Child } from './support/child.ts';
import { componentFigures } from './support/components.ts';
import { runAuthCase } from './support/auth-case.ts';
import { runE2eCase } from './support/e2e-case.ts';
import { machine } from './support/machine.ts';
import { runReadCases } from './support/read-cases.ts';
import { writeReport, type Results } from './support/report.ts';
import { sampleArticle } from './support/samples.ts';
import { runSseCase } from './support/sse-case.ts';
import { runRedisReadCases } from './support/redis-case.ts';
import { runRedisFaultsCase } from './support/redis-faults-case.ts';
import { runRedisE2eCase } from './support/redis-e2e-case.ts';
import { runRedisSseCase } from './support/redis-sse-case.ts';
import { runCancelCase } from './support/cancel-case.ts';
import { runRestSseCase } from './support/rest-sse-case.ts';
import { hasWrk } from './support/wrk.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profileDir = args.includes('--profile') ? mkdtempSync(join(tmpdir(), 'noticias-bench-profiles-')) : undefined;
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const runs = (name: 'reads' | 'e2e' | 'sse' | 'control' | 'restsse' | 'auth' | 'redis' | 'redisfaults') =>
  only === null || only.has(name);
const serverSettings = args.filter((arg) => /^[A-Z][A-Z0-9_]*=/.test(arg));
const reads = quick ? { rounds: 1, seconds: 1 } : { rounds: 5, seconds: 5 };
const here = import.meta.dirname;
// Only a full run of every case replaces the committed report.
const resultsDir = quick || only !== null ? join(here, 'results/quick') : join(here, 'results');
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
  return {
    child,
    base: `http://127.0.0.1:${child.ready.port as number}`,
    official: `http://127.0.0.1:${child.ready.officialPort as number}`,
  };
}

const results: Results = { quick, date: new Date().toISOString() };
if (only !== null) results.only = [...only].join(',');
const cases = createCaseRunner(results, log);
const before = machine();
log(
  `${before.cpus} x ${before.cpuModel}, node ${before.node}, load average ${before.loadAverage.join(' ')}${quick ? ' (--quick)' : ''}`,
);

const server = await startServer();
// Every variable the server was given, the bench's own and those of the command line.
results.server_settings = Object.entries(server.child.ready.settings as Record<string, string>)
  .map(([key, value]) => `${key}=${value}`)
  .join(' ');
try {
  // A completed job, made through the real REST path.
  const response = await fetch(`${server.base}/procesar_articulo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleArticle()),
  });
  if (!response.ok) throw new Error(`the sample article was refused with ${response.status}: ${await response.text()}`);
  const jobId = ((await response.json()) as { job_id: string }).job_id;

  if (runs('reads'))
    await runReadCases({
      server: server.child,
      base: server.base,
      official: server.official,
      jobId,
      reads,
      cases,
      log,
    });
  // Cancel: from the request to the job's failed state, for processing jobs.
  if (runs('control')) await cases.run('control', 'cancel', () => runCancelCase({ base: server.base, quick, log }));
  // End to end, and /status latency while articles are processed.
  if (runs('e2e')) {
    await cases.run('e2e', 'e2e', () =>
      runE2eCase({
        server: server.child,
        base: server.base,
        statusUrl: `${server.base}/status/${jobId}`,
        seconds: quick ? 3 : 10,
        rounds: quick ? 1 : 3,
        log,
      }),
    );
  }
} finally {
  await server.child.stop();
}

// Status reads on an api process of the Redis backend (needs Debian's redis-server).
if (runs('redis')) {
  await runRedisReadCases({ settings: serverSettings, reads, cases, log });
  // Articles through an api and a worker process against the all-in-one server, in alternating
  // rounds, with /status probed on the api process meanwhile; setup failures fail the case too.
  await cases.run('redis_e2e', 'Redis e2e and /status p99 while the worker extracts', () =>
    runRedisE2eCase({ settings: serverSettings, seconds: quick ? 3 : 10, rounds: quick ? 1 : 3, log }),
  );
  // onStatus subscribers on the api process, updates written by the worker process through Redis.
  await cases.run('redis_sse', 'Redis SSE onStatus across processes', () =>
    runRedisSseCase({ settings: serverSettings, quick, log }),
  );
}
// Jobs lost over worker kills, a Redis restart and an api restart, on real processes.
if (runs('redisfaults'))
  await cases.run('redisfaults', 'Redis faults', () => runRedisFaultsCase({ settings: serverSettings, quick, log }));

// Live status over SSE: ours (onStatus) and a plain SSE route, each in a server of its own.
if (runs('sse')) await cases.run('sse', 'SSE onStatus', () => runSseCase({ startServer, quick, log }));
// The same load on REST live status (GET /status/{id} as text/event-stream).
if (runs('restsse')) await cases.run('restsse', 'REST SSE /status', () => runRestSseCase({ startServer, quick, log }));
// /status with an API key on every request, in a server of its own with API_KEYS_FILE.
if (runs('auth'))
  await cases.run('auth', 'REST /status with an API key', () => runAuthCase({ quick, serverSettings, log }));

Object.assign(results, componentFigures(join(here, 'results')));
const after = machine();
Object.assign(results, {
  machine: `${before.cpus} x ${before.cpuModel}, ${before.memoryGb} GB, node ${before.node}`,
  load_average_before: before.loadAverage[0],
  load_average_after: after.loadAverage[0],
});
writeReport(resultsDir, results);
const shown = relative(join(here, '..'), resultsDir);
log(`\nwritten: ${shown}/latest.json, ${shown}/latest.md`);
if (profileDir) log(`CPU profiles of the server processes: ${profileDir}`);
if (cases.failed.length > 0) {
  console.error(`\nFAILED: ${cases.failed.join(', ')} (reasons above and in the report)`);
  process.exitCode = 1;
}
