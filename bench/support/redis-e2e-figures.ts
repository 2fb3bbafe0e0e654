import { e2eFailure } from './e2e-case.ts';
import type { Counts, Phase } from './e2e-phases.ts';
import type { Results } from './report.ts';
import { formatSpread, median, round, spreadOf } from './stats.ts';

/** One side of a round: the closed-loop load with the probes running. */
export interface Side {
  phase: Pick<Phase, 'probe' | 'reference'> & { loop: Pick<Phase['loop'], 'p99Ms'>; mainThreadShare: number };
  counts: Counts;
}

/** Both backends under the same load in one round, one after the other. */
export interface E2eRound {
  memory: Side;
  redis: Side;
}

const LABELS = { memory: 'all-in-one in memory', redis: 'api + worker over Redis' } as const;

/**
 * Why the Redis end-to-end case is void: a probe answered errors, articles failed, or a side
 * completed no article in a round (its ratio would read as a figure); undefined when nothing failed.
 */
export function redisE2eFailure(rounds: E2eRound[]): string | undefined {
  if (rounds.length === 0) return 'no round ran';
  const sides = (['memory', 'redis'] as const).map((side) => {
    const counts = rounds.map((round) => round[side].counts);
    return {
      label: LABELS[side],
      completed: counts.reduce((sum, c) => sum + c.completed, 0),
      failed: counts.reduce((sum, c) => sum + c.failed, 0),
      idleRounds: counts.filter((c) => c.completed === 0).length,
    };
  });
  const reasons = [
    e2eFailure(
      rounds.flatMap((round) => [round.memory.phase, round.redis.phase]),
      sides,
    ),
    ...sides
      .filter((side) => side.idleRounds > 0)
      .map((side) => `${side.label}: no article completed in ${side.idleRounds} of ${rounds.length} rounds`),
  ].filter((reason) => reason !== undefined);
  return reasons.length ? reasons.join('; ') : undefined;
}

const perSecond = (c: Counts) => c.completed / c.seconds;
const total = (sides: Side[]) =>
  sides.reduce((sum, s) => sum + s.counts.completed, 0) / sides.reduce((sum, s) => sum + s.counts.seconds, 0);
const busyVsReference = (s: Side) => s.phase.probe.p99Ms / s.phase.reference.p99Ms;

/**
 * The keys of the case: each ratio per round, against the other side (or the reference probe)
 * of the same round, then the median over the rounds with their spread.
 */
export function redisE2eFigures(rounds: E2eRound[]): Results {
  const memory = rounds.map((r) => r.memory);
  const redis = rounds.map((r) => r.redis);
  const ratio = spreadOf(rounds.map((r) => perSecond(r.redis.counts) / perSecond(r.memory.counts)));
  const redisP99 = spreadOf(redis.map(busyVsReference));
  const memoryP99 = spreadOf(memory.map(busyVsReference));
  return {
    redis_e2e_ratio: round(ratio.median),
    redis_e2e_ratio_spread: formatSpread(ratio),
    redis_e2e_articles_per_s: round(total(redis), 1),
    redis_e2e_memory_articles_per_s: round(total(memory), 1),
    redis_status_p99_busy_vs_reference: round(redisP99.median),
    redis_status_p99_busy_vs_reference_spread: formatSpread(redisP99),
    redis_status_p99_busy_ms: median(redis.map((s) => s.phase.probe.p99Ms)),
    redis_status_reference_p99_busy_ms: median(redis.map((s) => s.phase.reference.p99Ms)),
    redis_api_event_loop_delay_p99_busy_ms: round(median(redis.map((s) => s.phase.loop.p99Ms))),
    redis_api_main_thread_busy_share: round(median(redis.map((s) => s.phase.mainThreadShare))),
    // The all-in-one server's figure under the same load in the same rounds (issue 12: 1.3-2.0).
    redis_memory_status_p99_busy_vs_reference: round(memoryP99.median),
    redis_memory_status_p99_busy_vs_reference_spread: formatSpread(memoryP99),
  };
}
