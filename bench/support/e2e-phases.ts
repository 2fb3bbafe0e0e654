import { join } from 'node:path';
import { startChild, type Child } from './child.ts';
import { wrk, type WrkResult } from './wrk.ts';

// Pollers at a steady rate: 10 connections, each waiting 20 ms before each request (about 400
// requests/s), so the probe measures the latency a poller sees instead of saturating the
// server itself (a saturating probe would measure the share of CPU it gets).
export const PROBE = { connections: 10, pacedDelayMs: 20 };
/** Articles in flight of the closed-loop load (bench/support/submit-load.ts). */
export const IN_FLIGHT = 4;

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface GcPauses {
  scavengesPerS: number;
  scavengeAvgMs: number;
  scavengeMaxMs: number;
  majorPerS: number;
  pauseShare: number;
}

export interface Phase {
  probe: WrkResult;
  /** The same probe against a plain Fastify route in a process that processes nothing. */
  reference: WrkResult;
  loop: LoopDelay;
  gc: GcPauses;
  /** Share of the time the main thread was on a CPU. */
  mainThreadShare: number;
}

/** Articles completed and failed over `seconds` of a load process. */
export interface Counts {
  completed: number;
  failed: number;
  seconds: number;
}

export interface Reference {
  child: Child;
  url: string;
}

/**
 * The plain Fastify route in a process of its own (reference-server.ts), answering the bytes
 * `statusUrl` answers now; only a 200 is worth copying.
 */
export async function startReference(statusUrl: string): Promise<Reference> {
  const status = await fetch(statusUrl);
  const body = await status.text();
  if (status.status !== 200)
    throw new Error(`${statusUrl} answered ${status.status} before the run: ${body.slice(0, 200)}`);
  const child = await startChild(join(import.meta.dirname, 'reference-server.ts'));
  await child.call({ cmd: 'setBody', body });
  return { child, url: `http://127.0.0.1:${child.ready.port as number}/status` };
}

/**
 * One measured phase: `/status` of `server` probed at the steady rate for `seconds`, with the
 * server's event-loop delay, GC pauses and main-thread CPU over that time, then the same probe
 * against `referenceUrl`.
 */
export function createPhase(server: Child, statusUrl: string, referenceUrl: string, seconds: number) {
  const loopDelay = () => server.call<LoopDelay>({ cmd: 'loopDelay' });
  const mainThreadCpu = async () =>
    (await server.call<{ mainThreadCpuMicros: number | null }>({ cmd: 'cpu' })).mainThreadCpuMicros;
  const gcPauses = () => server.call<GcPauses>({ cmd: 'gcPauses' });
  return async function phase(): Promise<Phase> {
    await loopDelay();
    await gcPauses();
    const cpuBefore = await mainThreadCpu();
    const started = performance.now();
    const probe = await wrk(statusUrl, { ...PROBE, seconds });
    const cpuAfter = await mainThreadCpu();
    const mainThreadShare =
      cpuBefore === null || cpuAfter === null
        ? Number.NaN
        : (cpuAfter - cpuBefore) / 1000 / (performance.now() - started);
    const figures = { loop: await loopDelay(), gc: await gcPauses() };
    return { probe, reference: await wrk(referenceUrl, { ...PROBE, seconds }), ...figures, mainThreadShare };
  };
}

/** Both probes briefly, so neither side measures its first connections. */
export async function warmProbes(statusUrl: string, referenceUrl: string): Promise<void> {
  await wrk(statusUrl, { ...PROBE, seconds: 1 });
  await wrk(referenceUrl, { ...PROBE, seconds: 1 });
}

/** A load process of submit-load.ts against `base`. */
export function startSubmitLoad(base: string, inFlight = IN_FLIGHT): Promise<Child> {
  return startChild(join(import.meta.dirname, 'submit-load.ts'), [base, String(inFlight)]);
}

/**
 * `phase` while `load` submits articles (`start`: {} for the closed loop, `{ ratePerSec }` for
 * the paced one), after a second to reach a steady state; the articles counted are those of
 * the measured phase.
 */
export async function loadedPhase(
  load: Child,
  start: Record<string, unknown>,
  phase: () => Promise<Phase>,
): Promise<{ phase: Phase; counts: Counts }> {
  await load.call({ cmd: 'start', ...start });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await load.call({ cmd: 'reset' });
  const measured = await phase();
  const counts = await load.call<Counts>({ cmd: 'pause' });
  return { phase: measured, counts };
}
