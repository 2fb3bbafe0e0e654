import { formatSpread, median, round, spreadOf } from './stats.ts';
import { addErrors, describeErrors, errorCount, type WrkResult } from './wrk.ts';
import type { Child } from './child.ts';
import {
  createPhase,
  IN_FLIGHT,
  loadedPhase,
  startReference,
  startSubmitLoad,
  warmProbes,
  type Counts,
  type Phase,
} from './e2e-phases.ts';

// The same articles at a fixed, moderate rate (open loop, a new article every 10 ms whatever the
// answers): polls against a steady trickle of submissions rather than a flood.
const PACED_ARTICLES_PER_S = 100;

type Probes = Pick<Phase, 'probe' | 'reference'>;

/** Why the case is void: a probe answered with errors, or submissions failed; undefined when nothing failed. */
export function e2eFailure(
  phases: Probes[],
  submissions: { label: string; completed: number; failed: number }[],
): string | undefined {
  const probe = (pick: (p: Probes) => WrkResult, label: string) => {
    const results = phases.map(pick);
    const errors = addErrors(results);
    const requests = results.reduce((sum, r) => sum + r.requests, 0);
    if (errorCount(errors) > 0) return `${label}: ${describeErrors(errors, requests)}`;
    return requests > 0 ? undefined : `${label}: no request completed`;
  };
  const reasons = [
    probe((p) => p.probe, 'our /status probe'),
    probe((p) => p.reference, 'reference probe'),
    ...submissions
      .filter((s) => s.failed > 0)
      .map((s) => `${s.label}: ${s.failed} of ${s.failed + s.completed} articles failed`),
  ].filter((reason) => reason !== undefined);
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * Articles submitted through `processArticle` (mode `wait`, as @trpc/client sends it) with a
 * fixed number in flight, from a load process of its own, while `/status` of a finished job is
 * polled at a steady rate; the same probe runs with the load paused, and with the articles at a
 * fixed moderate rate instead. Idle and busy phases
 * alternate `rounds` times and the medians are kept, so a burst of noise on the shared machine
 * lands in one phase, not in the ratio. Each phase also polls a plain Fastify route in a process
 * of its own (bench/support/reference-server.ts) the same way, right after our probe.
 */
export async function runE2eCase(opts: {
  server: Child;
  base: string;
  statusUrl: string;
  seconds: number;
  rounds: number;
  log: (line: string) => void;
}) {
  const { server, base, statusUrl, seconds, rounds, log } = opts;
  const reference = await startReference(statusUrl);
  const phase = createPhase(server, statusUrl, reference.url, seconds);
  let load: Child | undefined;
  const idle: Phase[] = [];
  const busy: Phase[] = [];
  const paced: Phase[] = [];
  const e2e: Counts = { completed: 0, failed: 0, seconds: 0 };
  const pacedCounts: Counts = { completed: 0, failed: 0, seconds: 0 };
  async function loaded(start: Record<string, unknown>, into: Phase[], totals: Counts): Promise<void> {
    const { phase: measured, counts } = await loadedPhase(load!, start, phase);
    into.push(measured);
    totals.completed += counts.completed;
    totals.failed += counts.failed;
    totals.seconds += counts.seconds;
  }
  try {
    await warmProbes(statusUrl, reference.url);
    load = await startSubmitLoad(base);
    for (let r = 0; r < rounds; r++) {
      idle.push(await phase());
      await loaded({}, busy, e2e);
      await loaded({ ratePerSec: PACED_ARTICLES_PER_S }, paced, pacedCounts);
    }
  } finally {
    await load?.stop();
    await reference.child.stop();
  }
  const failure = e2eFailure(
    [...idle, ...busy, ...paced],
    [
      { label: `closed loop (${IN_FLIGHT} in flight)`, ...e2e },
      { label: `paced (${PACED_ARTICLES_PER_S}/s)`, ...pacedCounts },
    ],
  );
  if (failure) throw new Error(failure);
  const p99 = (phases: Phase[]) => median(phases.map((p) => p.probe.p99Ms));
  // Each ratio per round, against the idle (or reference) phase of the same round.
  const perRound = (phases: Phase[], against: Phase[], pick: (p: Phase) => number, pickAgainst = pick) =>
    spreadOf(phases.map((p, i) => pick(p) / pickAgainst(against[i]!)));
  const underLoad = perRound(busy, idle, (p) => p.probe.p99Ms);
  const referenceUnderLoad = perRound(busy, idle, (p) => p.reference.p99Ms);
  const busyVsReference = perRound(
    busy,
    busy,
    (p) => p.probe.p99Ms,
    (p) => p.reference.p99Ms,
  );
  const pacedUnderLoad = perRound(paced, idle, (p) => p.probe.p99Ms);
  const referencePaced = perRound(paced, idle, (p) => p.reference.p99Ms);
  const referenceP99 = (phases: Phase[]) => median(phases.map((p) => p.reference.p99Ms));
  const figures = {
    e2e_articles_per_s: round(e2e.completed / e2e.seconds, 1),
    e2e_failed: e2e.failed,
    // How busy the event loop is while articles are processed (HTTP, tRPC, the job service,
    // results to and from the workers), and its CPU per article beyond the probe's own share:
    // what /status requests queue behind.
    e2e_main_thread_busy_share: round(median(busy.map((p) => p.mainThreadShare))),
    e2e_main_thread_ms_per_article: round(
      ((median(busy.map((p) => p.mainThreadShare)) - median(idle.map((p) => p.mainThreadShare))) * 1000) /
        (e2e.completed / e2e.seconds),
    ),
    status_p50_idle_ms: median(idle.map((p) => p.probe.p50Ms)),
    status_p99_idle_ms: p99(idle),
    status_p50_busy_ms: median(busy.map((p) => p.probe.p50Ms)),
    status_p99_busy_ms: p99(busy),
    status_p99_under_load_ratio: round(underLoad.median),
    status_p99_under_load_ratio_spread: formatSpread(underLoad),
    status_probe_rps: Math.round(median(idle.map((p) => p.probe.rps))),
    // The machine's share of the ratio: a plain Fastify route in its own process, which does
    // no work for the articles, polled in the same phases (README, Performance).
    status_reference_p99_idle_ms: referenceP99(idle),
    status_reference_p99_busy_ms: referenceP99(busy),
    status_reference_p99_under_load_ratio: round(referenceUnderLoad.median),
    status_reference_p99_under_load_ratio_spread: formatSpread(referenceUnderLoad),
    status_p99_busy_vs_reference: round(busyVsReference.median),
    status_p99_busy_vs_reference_spread: formatSpread(busyVsReference),
    event_loop_delay_p99_idle_ms: round(median(idle.map((p) => p.loop.p99Ms))),
    event_loop_delay_p99_busy_ms: round(median(busy.map((p) => p.loop.p99Ms))),
    // Main-thread GC while articles are processed: scavenges are stop-the-world pauses of the
    // loop that answers /status (README, Performance).
    e2e_scavenges_per_s: round(median(busy.map((p) => p.gc.scavengesPerS)), 1),
    e2e_scavenge_avg_ms: round(median(busy.map((p) => p.gc.scavengeAvgMs))),
    e2e_scavenge_max_ms: round(median(busy.map((p) => p.gc.scavengeMaxMs))),
    e2e_major_gc_per_s: round(median(busy.map((p) => p.gc.majorPerS))),
    e2e_gc_pause_share: round(median(busy.map((p) => p.gc.pauseShare)), 3),
    e2e_gc_pause_share_idle: round(median(idle.map((p) => p.gc.pauseShare)), 3),
    status_paced_articles_per_s: round(pacedCounts.completed / pacedCounts.seconds, 1),
    status_paced_failed: pacedCounts.failed,
    status_p99_paced_ms: p99(paced),
    status_p99_paced_ratio: round(pacedUnderLoad.median),
    status_p99_paced_ratio_spread: formatSpread(pacedUnderLoad),
    status_reference_p99_paced_ratio: round(referencePaced.median),
    status_reference_p99_paced_ratio_spread: formatSpread(referencePaced),
    e2e_main_thread_busy_share_paced: round(median(paced.map((p) => p.mainThreadShare))),
  };
  log(
    `e2e: ${figures.e2e_articles_per_s} articles/s through processArticle (${IN_FLIGHT} in flight, ${e2e.failed} failed); ` +
      `main thread ${figures.e2e_main_thread_ms_per_article} ms CPU per article (busy ${Math.round(100 * figures.e2e_main_thread_busy_share)}% of the time); ` +
      `/status polled at ~${figures.status_probe_rps} req/s: p99 idle ${figures.status_p99_idle_ms} ms, while processing ${figures.status_p99_busy_ms} ms -> ${figures.status_p99_under_load_ratio}x (${figures.status_p99_under_load_ratio_spread}) ` +
      `(rounds: ${idle.map((p, i) => `${p.probe.p99Ms}/${busy[i]!.probe.p99Ms}`).join(', ')} ms); ` +
      `plain Fastify in a process of its own, same phases: p99 ${figures.status_reference_p99_idle_ms} -> ${figures.status_reference_p99_busy_ms} ms -> ${figures.status_reference_p99_under_load_ratio}x (${figures.status_reference_p99_under_load_ratio_spread}) ` +
      `(rounds: ${idle.map((p, i) => `${p.reference.p99Ms}/${busy[i]!.reference.p99Ms}`).join(', ')} ms; paced ${figures.status_reference_p99_paced_ratio}x); event-loop delay p99 ${figures.event_loop_delay_p99_idle_ms} -> ${figures.event_loop_delay_p99_busy_ms} ms; ` +
      `main-thread GC while processing: ${figures.e2e_scavenges_per_s} scavenges/s, ${figures.e2e_scavenge_avg_ms} ms avg, ${figures.e2e_scavenge_max_ms} ms max, ` +
      `${Math.round(1000 * figures.e2e_gc_pause_share) / 10}% of the time paused (idle ${Math.round(1000 * figures.e2e_gc_pause_share_idle) / 10}%); ` +
      `with ${figures.status_paced_articles_per_s} articles/s paced: /status p99 ${figures.status_p99_paced_ms} ms -> ${figures.status_p99_paced_ratio}x (${figures.status_p99_paced_ratio_spread}; main thread busy ${Math.round(100 * figures.e2e_main_thread_busy_share_paced)}%)`,
  );
  return figures;
}
