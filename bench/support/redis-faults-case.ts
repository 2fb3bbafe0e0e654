import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '../../packages/tracker/test/support/redis-server.ts';
import { startChild, type Child } from './child.ts';
import { createFaultLedger, type FaultLedger, type ObservedState, type SubmitAnswer } from './fault-ledger.ts';
import type { Results } from './report.ts';
import { sampleArticle } from './samples.ts';

/**
 * `redis_jobs_lost`: real processes (an api and a worker, the bench server with ROLE=api and
 * ROLE=worker, over a redis-server with AOF started here) take articles submitted async at a
 * steady rate while the faults hit them, one after the other:
 *   worker_sigkill  the worker is killed mid-job (SIGKILL); a new worker is started
 *   worker_sigterm  the worker is stopped mid-job (SIGTERM, SHUTDOWN_GRACE_MS=1: its running jobs go back to the queue); a new one is started
 *   redis_restart   Redis shuts down cleanly (AOF) and starts again while jobs are in flight
 *   api_restart     the api process stops (SIGTERM) and a new one takes over
 * After each fault the submissions of its phase stop and every job acknowledged in it (a 202) is
 * polled until final (bounded); at the end every acknowledged job is read once more. A job is lost
 * when it is not `completed` then: a 404, failed, or not final. 503s (Redis down) and submissions
 * without an answer (the api restarting) were never acknowledged and are counted apart.
 */

const FAULTS = ['worker_sigkill', 'worker_sigterm', 'redis_restart', 'api_restart'] as const;
type Fault = (typeof FAULTS)[number];

const POLL_MS = 100;
const SUBMIT_TIMEOUT_MS = 20_000;
/** Bound on waiting for a phase's jobs to be final; only a lost job makes a phase wait this long. */
const SETTLE_MS = 90_000;

interface Topology {
  redis: TestRedis;
  api: Child;
  worker: Child;
  base: string;
}

export async function runRedisFaultsCase(opts: {
  settings: string[];
  quick: boolean;
  log: (line: string) => void;
}): Promise<Results> {
  const { settings, quick, log } = opts;
  const rate = 10;
  const leadMs = quick ? 1_000 : 2_000;
  const tailMs = quick ? 1_500 : 3_000;
  const redisDownMs = quick ? 1_000 : 3_000;
  const entry = join(import.meta.dirname, 'bench-server.ts');
  const redis = await startTestRedis({ appendOnly: true });
  const secret = randomBytes(32).toString('hex');
  const common = [
    ...settings,
    `REDIS_URL=${redis.url}`,
    'REDIS_PREFIX=bench-faults',
    `READ_TOKEN_SECRET=${secret}`,
    // A killed worker's jobs run again once its lock lapses: 2 s rather than 30 keeps the case short.
    'REDIS_LOCK_DURATION_MS=2000',
    'SHUTDOWN_GRACE_MS=1',
    // The poller reads every unsettled job ten times a second from one address.
    'RATE_LIMIT_READ_PER_MINUTE=0',
    'RATE_LIMIT_SUBMIT_PER_MINUTE=0',
  ];
  const start = (role: 'api' | 'worker') => startChild(entry, [...common, `ROLE=${role}`]);
  const children = new Set<Child>();
  const started = async (role: 'api' | 'worker') => {
    const child = await start(role);
    children.add(child);
    return child;
  };
  const ledger = createFaultLedger();
  const article = JSON.stringify(sampleArticle());
  try {
    const api = await started('api');
    const t: Topology = { redis, api, worker: await started('worker'), base: baseOf(api) };

    const inject: Record<Fault, () => Promise<void>> = {
      worker_sigkill: async () => {
        await t.worker.kill('SIGKILL');
        children.delete(t.worker);
        t.worker = await started('worker');
      },
      worker_sigterm: async () => {
        await t.worker.kill('SIGTERM');
        children.delete(t.worker);
        t.worker = await started('worker');
      },
      redis_restart: async () => {
        await t.redis.stop({ save: true });
        await new Promise((resolve) => setTimeout(resolve, redisDownMs));
        await t.redis.start();
      },
      api_restart: async () => {
        await t.api.kill('SIGTERM');
        children.delete(t.api);
        t.api = await started('api');
        t.base = baseOf(t.api);
      },
    };

    for (const fault of FAULTS) {
      const submitter = startSubmitter(() => t.base, article, rate, fault, ledger);
      await new Promise((resolve) => setTimeout(resolve, leadMs));
      // A burst, so that the worker has jobs running when the fault hits it.
      await submitter.burst(rate);
      const midJob = await seenProcessing(() => t.base, ledger.unsettled(fault), ledger);
      ledger.faultInjected(fault, performance.now());
      await inject[fault]();
      await new Promise((resolve) => setTimeout(resolve, tailMs));
      await submitter.stop();
      const settled = await settle(
        () => t.base,
        () => ledger.unsettled(fault),
        ledger,
        SETTLE_MS,
      );
      const figures = ledger.summary().byFault[fault]!;
      log(
        `Redis fault ${fault}: ${figures.acknowledged} acknowledged (${midJob ? 'some' : 'none seen'} processing at the fault), ` +
          `${figures.refused} refused with 503, ${figures.unreachable} unanswered, ${figures.lost} lost${settled ? '' : ' (not all final by the deadline)'}, ` +
          `recovered in ${figures.recoveryMs ?? 'never'} ms`,
      );
    }
    // Every acknowledged job once more, after all the faults (e.g. the first phases' jobs after the Redis restart).
    await readAll(() => t.base, ledger.acknowledged(), ledger);
  } finally {
    for (const child of children) await child.stop();
    await redis.destroy();
  }

  const summary = ledger.summary();
  if (summary.unexpected.length > 0)
    throw new Error(
      `${summary.unexpected.length} submissions answered neither 202 nor 503: ${summary.unexpected.slice(0, 3).join('; ')}`,
    );
  const results: Results = {
    redis_jobs_lost: summary.total.lost,
    redis_faults_acknowledged: summary.total.acknowledged,
    redis_faults_refused_503: summary.total.refused,
    redis_faults_unanswered: summary.total.unreachable,
  };
  if (summary.total.lost > 0) results.redis_faults_lost_states = JSON.stringify(summary.lostStates);
  for (const fault of FAULTS) {
    const figures = summary.byFault[fault]!;
    results[`redis_faults_${fault}_acknowledged`] = figures.acknowledged;
    results[`redis_faults_${fault}_lost`] = figures.lost;
    results[`redis_faults_${fault}_recovery_ms`] = figures.recoveryMs ?? 'never';
  }
  log(
    `Redis faults: ${summary.total.lost} of ${summary.total.acknowledged} acknowledged jobs lost; ` +
      `${summary.total.refused} submissions refused with 503, ${summary.total.unreachable} unanswered`,
  );
  return results;
}

const baseOf = (child: Child) => `http://127.0.0.1:${child.ready.port as number}`;

async function submit(base: string, article: string): Promise<SubmitAnswer> {
  let response: Response;
  try {
    response = await fetch(`${base}/procesar_articulo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: article,
      signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
    });
  } catch (error) {
    // A timeout is no answer too, but an api that hangs is what the issue rules out: report it.
    if (error instanceof Error && error.name === 'TimeoutError')
      return { kind: 'unexpected', detail: `no answer in ${SUBMIT_TIMEOUT_MS} ms` };
    return { kind: 'unreachable' };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 503) return { kind: 'refused' };
  if (response.status !== 202) return { kind: 'unexpected', detail: `${response.status} ${text.slice(0, 200)}` };
  return { kind: 'acknowledged', jobId: (JSON.parse(text) as { job_id: string }).job_id };
}

/** Submissions at `rate` per second, scheduled against the clock (a slow answer does not lower the rate). */
function startSubmitter(base: () => string, article: string, rate: number, fault: string, ledger: FaultLedger) {
  const inflight = new Set<Promise<void>>();
  const send = () => {
    const sent = submit(base(), article).then((answer) => ledger.submitted(fault, answer, performance.now()));
    inflight.add(sent);
    void sent.finally(() => inflight.delete(sent));
    return sent;
  };
  const startedAt = performance.now();
  let sent = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      void send();
      sent++;
      const wait = startedAt + (sent * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async burst(count: number) {
      await Promise.all(Array.from({ length: count }, send));
    },
    async stop() {
      stopped = true;
      await loop;
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
  };
}

async function read(base: string, jobId: string): Promise<ObservedState | undefined> {
  try {
    const response = await fetch(`${base}/status/${jobId}`, { signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS) });
    if (response.status === 404) return 'not_found';
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { data: { status: ObservedState } }).data.status;
  } catch {
    // The api process restarting, or Redis down: read again on the next round.
    return undefined;
  }
}

async function readAll(base: () => string, ids: string[], ledger: FaultLedger): Promise<ObservedState[]> {
  const states: ObservedState[] = [];
  // A few at a time: the poller must not be the load.
  for (let i = 0; i < ids.length; i += 20) {
    const batch = ids.slice(i, i + 20);
    const read20 = await Promise.all(batch.map((id) => read(base(), id)));
    read20.forEach((state, k) => {
      if (state === undefined) return;
      ledger.observed(batch[k]!, state, performance.now());
      states.push(state);
    });
  }
  return states;
}

/** Whether one of `ids` is seen `processing` within a few seconds (the worker is mid-job). */
async function seenProcessing(base: () => string, ids: string[], ledger: FaultLedger): Promise<boolean> {
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    if ((await readAll(base, ids, ledger)).includes('processing')) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/** Polls until none of `unsettled()` is left, or the deadline; true when all were final. */
async function settle(
  base: () => string,
  unsettled: () => string[],
  ledger: FaultLedger,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const left = unsettled();
    if (left.length === 0) return true;
    if (performance.now() > deadline) return false;
    await readAll(base, left, ledger);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
