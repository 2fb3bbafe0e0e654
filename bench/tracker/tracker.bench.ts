// Tracker benchmark: get and update throughput, heap per retained finished job at 1,000,000
// jobs, and the time of a sweep that removes 100,000 of them.
//
// Run from the repo root:   node --expose-gc --import tsx --conditions=@noticias/source bench/tracker/tracker.bench.ts
// (`npx tsx --conditions=@noticias/source bench/tracker/tracker.bench.ts` works too: gc is then enabled from inside.)
// Writes bench/results/tracker.json. Figures, not pass/fail: the machine is shared and noisy.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { JobResultSummary } from '../../packages/contract/src/index.ts';
import { createMemoryJobTracker, type JobTracker } from '../../packages/tracker/src/index.ts';

const TARGETS = { getsPerSecond: 1_000_000, bytesPerJob: 600, sweepMs: 50 };
const MINUTE = 60_000;

function collectGarbage(): () => void {
  const exposed = globalThis.gc;
  if (typeof exposed === 'function') return () => void exposed();
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = collectGarbage();

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

function manualClock(start: number) {
  let now = start;
  return { now: () => now, set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
}

// Distinct strings per job, as they would arrive from JSON: nothing shared by accident.
const metadata = (i: number) => ({
  tipo: 'fragmento' as const,
  id_fragmento: `frag-${i}`,
  id_articulo_fuente: `art-${i >> 3}`,
  longitud_texto: 1200 + (i % 500),
  orden_en_articulo: i & 7,
});
const summary = (i: number): JobResultSummary => ({
  fragmento_id: `frag-${i}`,
  fragmento_uuid: randomUUID(),
  tiempo_procesamiento_segundos: 1 + (i % 97) / 10,
  elementos_extraidos: { hechos: i % 9, entidades: i % 13, citas: i % 3, datos_cuantitativos: i % 5 },
});

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Milliseconds this thread has run on a CPU, and waited for one while runnable (NaN off Linux).
 * `process.cpuUsage()` also counts V8's background threads, which sweep and compact the heap
 * concurrently with the code being timed; the run-queue wait is what a loaded machine adds to
 * the wall time.
 */
function threadTimes(): { cpuMs: number; waitMs: number } {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ');
    return { cpuMs: Number(cpu) / 1e6, waitMs: Number(wait) / 1e6 };
  } catch {
    return { cpuMs: Number.NaN, waitMs: Number.NaN };
  }
}

/**
 * Waits until this process is idle. `gc()` returns when the heap is marked, but V8 then sweeps
 * the freed pages on background threads: after building a million jobs that is 100-300 ms of CPU
 * on this machine (2 shared cores), which landed inside the timed sweep when it started right
 * after `gc()`.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
    const used = process.cpuUsage(cpu);
    if ((used.user + used.system) / 1000 < 0.05 * (performance.now() - start)) return;
  }
}

/**
 * Wall and CPU milliseconds: on a shared machine the wall time includes waiting for a core. CPU
 * of the process includes the garbage collector's background threads; CPU of this thread is the
 * work done on the event loop.
 */
interface Measured {
  wallMs: number;
  cpuMs: number;
  threadCpuMs: number;
  runQueueWaitMs: number;
}

async function measured(fn: () => Promise<void>): Promise<Measured> {
  const cpu = process.cpuUsage();
  const thread = threadTimes();
  const wallMs = await timed(fn);
  const used = process.cpuUsage(cpu);
  const threadAfter = threadTimes();
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    threadCpuMs: threadAfter.cpuMs - thread.cpuMs,
    runQueueWaitMs: threadAfter.waitMs - thread.waitMs,
  };
}

/** Runs `fn` while a setImmediate loop measures the longest time the event loop was blocked. */
async function withPauses(fn: () => Promise<void>): Promise<Measured & { longestPauseMs: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await measured(fn);
  running = false;
  return { ...result, longestPauseMs: longest };
}

async function runJob(tracker: JobTracker, i: number): Promise<void> {
  const { job_id: id } = await tracker.create({ kind: 'fragmento', metadata: metadata(i) });
  await tracker.start(id);
  await tracker.complete(id, summary(i));
}

async function throughput() {
  const clock = manualClock(Date.UTC(2026, 10, 30));
  const tracker = createMemoryJobTracker({ clock, limits: { sweepIntervalMs: Infinity } });
  const uncached = createMemoryJobTracker({ clock, limits: { sweepIntervalMs: Infinity }, snapshotCacheSize: 0 });
  const ids: string[] = [];
  const uncachedIds: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const { job_id: id } = await tracker.create({ kind: 'fragmento', metadata: metadata(i) });
    await tracker.start(id);
    if (i % 2 === 0) await tracker.complete(id, summary(i));
    ids.push(id);
    uncachedIds.push((await uncached.create({ kind: 'fragmento', metadata: metadata(i) })).job_id);
  }
  const gets = 3_000_000;
  const mask = 8191; // 8,192 distinct jobs, round robin: every read after the first is a hit
  for (let i = 0; i < 200_000; i++) await tracker.get(ids[i & mask]!);
  const get = await measured(async () => {
    for (let i = 0; i < gets; i++) await tracker.get(ids[i & mask]!);
  });
  const uncachedGets = 300_000;
  const uncachedMs = await timed(async () => {
    for (let i = 0; i < uncachedGets; i++) await uncached.get(uncachedIds[i & mask]!);
  });

  const processing = ids.filter((_, i) => i % 2 === 1);
  const updates = 500_000;
  const update = await measured(async () => {
    for (let i = 0; i < updates; i++) {
      clock.advance(1);
      await tracker.progress(processing[i % processing.length]!, {
        percentage: i % 100,
        message: 'Fase',
        phase: 'extraccion',
      });
    }
  });

  const lifecycles = 50_000;
  const lifecycleTracker = createMemoryJobTracker({ clock, limits: { sweepIntervalMs: Infinity, maxStored: 100_000 } });
  const lifecycleMs = await timed(async () => {
    for (let i = 0; i < lifecycles; i++) await runJob(lifecycleTracker, i);
  });
  await Promise.all([tracker.close(), uncached.close(), lifecycleTracker.close()]);
  return {
    getsPerSecond: gets / (get.wallMs / 1000),
    getsPerCpuSecond: gets / (get.cpuMs / 1000),
    uncachedGetsPerSecond: uncachedGets / (uncachedMs / 1000),
    updatesPerSecond: updates / (update.wallMs / 1000),
    updatesPerCpuSecond: updates / (update.cpuMs / 1000),
    jobLifecyclesPerSecond: lifecycles / (lifecycleMs / 1000),
  };
}

async function memoryAndSweep(jobs: number, removed: number, rounds: number) {
  const retentionMs = 24 * 60 * MINUTE;
  const graceMs = 5 * MINUTE;
  const t0 = Date.UTC(2026, 10, 30);
  const clock = manualClock(t0);
  const before = heapUsed();
  const tracker = createMemoryJobTracker({
    clock,
    limits: { maxStored: jobs, retentionMs, sweepIntervalMs: Infinity },
    historyGraceMs: graceMs,
  });
  // Job i finishes at t0 + i ms, so a cutoff removes an exact number of them.
  const buildMs = await timed(async () => {
    for (let i = 0; i < jobs; i++) {
      clock.set(t0 + i);
      await runJob(tracker, i);
    }
  });
  const withHistories = heapUsed();
  clock.set(t0 + jobs + graceMs);
  await settle();
  // Drops the replay histories of every job; removes nothing (retention is a day).
  const trim = await measured(async () => void (await tracker.sweep()));
  const retained = heapUsed();
  const stats = await tracker.stats();

  // Three sweeps of 100,000 of 1,000,000: after each, 100,000 new jobs bring it back to a
  // million, so the next sweep has the same work. Wall time counts the time this process waited
  // for the CPU on a shared machine; CPU time does not. Each starts on a collected and settled
  // heap, so that it pays for its own garbage only.
  const sweeps: (Measured & { longestPauseMs: number; removed: number })[] = [];
  let next = jobs;
  for (let round = 1; round <= rounds; round++) {
    clock.set(t0 + round * removed - 1 + retentionMs);
    gc();
    await settle();
    let count = 0;
    const sweep = await withPauses(async () => void (count = await tracker.sweep()));
    sweeps.push({ ...sweep, removed: count });
    if (round < rounds) for (let i = 0; i < removed; i++) await runJob(tracker, next++);
  }
  const after = (await tracker.stats()).total;
  await tracker.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    jobs: stats.total,
    buildSeconds: buildMs / 1000,
    trimAllHistoriesThreadCpuMs: trim.threadCpuMs,
    bytesPerJobWithHistories: (withHistories - before) / jobs,
    bytesPerRetainedFinishedJob: (retained - before) / jobs,
    sweepRemoved: sweeps[0]!.removed,
    sweepMs: median(sweeps.map((x) => x.wallMs)),
    sweepCpuMs: median(sweeps.map((x) => x.cpuMs)),
    sweepThreadCpuMs: median(sweeps.map((x) => x.threadCpuMs)),
    sweepRunQueueWaitMs: median(sweeps.map((x) => x.runQueueWaitMs)),
    sweepLongestPauseMs: median(sweeps.map((x) => x.longestPauseMs)),
    sweeps,
    jobsAtEnd: after,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

const loadBefore = loadavg()[0]!;
const speed = await throughput();
// Same removal against a fifth of the jobs: the sweep's cost should follow what it removes.
const small = await memoryAndSweep(200_000, 100_000, 1);
const memory = await memoryAndSweep(1_000_000, 100_000, 3);
const loadAfter = loadavg()[0]!;
const rows = [
  [
    'gets/s (cached snapshot)',
    fmt(speed.getsPerSecond),
    `${fmt(TARGETS.getsPerSecond)} min`,
    (speed.getsPerSecond / TARGETS.getsPerSecond).toFixed(2),
  ],
  ['  per CPU second', fmt(speed.getsPerCpuSecond), '', (speed.getsPerCpuSecond / TARGETS.getsPerSecond).toFixed(2)],
  ['gets/s (no snapshot cache)', fmt(speed.uncachedGetsPerSecond), '', ''],
  ['updates/s (progress)', fmt(speed.updatesPerSecond), '', ''],
  ['  per CPU second', fmt(speed.updatesPerCpuSecond), '', ''],
  ['job lifecycles/s (create, start, complete)', fmt(speed.jobLifecyclesPerSecond), '', ''],
  [
    'bytes/job, 1M finished jobs retained',
    fmt(memory.bytesPerRetainedFinishedJob),
    `${TARGETS.bytesPerJob} max`,
    (memory.bytesPerRetainedFinishedJob / TARGETS.bytesPerJob).toFixed(2),
  ],
  ['bytes/job, 1M jobs within the history grace', fmt(memory.bytesPerJobWithHistories), '', ''],
  [
    `sweep removing ${fmt(memory.sweepRemoved)} of ${fmt(memory.jobs)}, median of 3 (ms)`,
    fmt(memory.sweepMs, 1),
    `${TARGETS.sweepMs} max`,
    (memory.sweepMs / TARGETS.sweepMs).toFixed(2),
  ],
  [
    '  same sweep, CPU time of the event-loop thread (ms)',
    fmt(memory.sweepThreadCpuMs, 1),
    '',
    (memory.sweepThreadCpuMs / TARGETS.sweepMs).toFixed(2),
  ],
  [
    '  same sweep, CPU time of the process, GC threads too (ms)',
    fmt(memory.sweepCpuMs, 1),
    '',
    (memory.sweepCpuMs / TARGETS.sweepMs).toFixed(2),
  ],
  ['  time it waited for a core, runnable (ms)', fmt(memory.sweepRunQueueWaitMs, 1), '', ''],
  [
    '  longest event-loop pause during it (ms)',
    fmt(memory.sweepLongestPauseMs, 1),
    '',
    (memory.sweepLongestPauseMs / TARGETS.sweepMs).toFixed(2),
  ],
  [
    '  the 3 sweeps, wall/thread CPU/waiting for a core/process CPU (ms)',
    memory.sweeps
      .map((x) => `${fmt(x.wallMs)}/${fmt(x.threadCpuMs)}/${fmt(x.runQueueWaitMs)}/${fmt(x.cpuMs)}`)
      .join(' '),
    '',
    '',
  ],
  [
    `sweep trimming the histories of ${fmt(memory.jobs)} jobs, thread CPU (ms)`,
    fmt(memory.trimAllHistoriesThreadCpuMs, 1),
    '',
    '',
  ],
  ['sweep removing 100,000 of 200,000, thread CPU (ms)', fmt(small.sweepThreadCpuMs, 1), '', ''],
  [
    '  1M / 200k thread CPU ratio (1 = cost independent of stored)',
    (memory.sweepThreadCpuMs / small.sweepThreadCpuMs).toFixed(2),
    '',
    '',
  ],
];
const widths = [0, 1, 2, 3].map((c) =>
  Math.max(...rows.map((r) => r[c]!.length), ['figure', 'value', 'target', 'ratio'][c]!.length),
);
const line = (r: string[]) =>
  r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
console.log(line(['figure', 'value', 'target', 'ratio']));
for (const r of rows) console.log(line(r));
console.log(`(1M jobs built in ${fmt(memory.buildSeconds, 1)} s; ${fmt(memory.jobsAtEnd)} stored at the end)`);
// Other work on the machine shows in every figure: a load above the core count means the
// timings are inflated.
console.log(`load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cpus().length} cores`);

const out = join(dirname(new URL(import.meta.url).pathname), '../results/tracker.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      bench: 'tracker',
      date: new Date().toISOString(),
      node: process.version,
      cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      loadAverage: { before: loadBefore, after: loadAfter },
      targets: TARGETS,
      figures: {
        ...speed,
        ...memory,
        sweepOf200k: {
          cpuMs: small.sweepCpuMs,
          threadCpuMs: small.sweepThreadCpuMs,
          wallMs: small.sweepMs,
          bytesPerJob: small.bytesPerRetainedFinishedJob,
        },
      },
      ratios: {
        getsPerSecond: speed.getsPerSecond / TARGETS.getsPerSecond,
        bytesPerJob: memory.bytesPerRetainedFinishedJob / TARGETS.bytesPerJob,
        sweepMs: memory.sweepMs / TARGETS.sweepMs,
        sweepCpuMs: memory.sweepCpuMs / TARGETS.sweepMs,
        sweepThreadCpuMs: memory.sweepThreadCpuMs / TARGETS.sweepMs,
      },
    },
    null,
    2,
  )}\n`,
);
console.log(`written ${out}`);
