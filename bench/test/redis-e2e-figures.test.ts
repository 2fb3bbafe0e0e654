import { describe, expect, it } from 'vitest';
import { redisE2eFailure, redisE2eFigures, type E2eRound, type Side } from '../support/redis-e2e-figures.ts';
import type { WrkResult } from '../support/wrk.ts';
import { wrkResult } from './support/wrk-result.ts';

const side = (
  completed: number,
  p99: { ours: number; reference: number } = { ours: 2, reference: 2 },
  failed = 0,
  probe: Partial<WrkResult> = {},
): Side => ({
  phase: {
    probe: wrkResult({ p99Ms: p99.ours, ...probe }),
    reference: wrkResult({ p99Ms: p99.reference }),
    loop: { p99Ms: 3 },
    mainThreadShare: 0.5,
  },
  counts: { completed, failed, seconds: 10 },
});

describe('redisE2eFigures', () => {
  it('takes each ratio against the other side of the same round, then the median and spread', () => {
    const rounds: E2eRound[] = [
      { memory: side(1000), redis: side(800, { ours: 3, reference: 2 }) },
      // A slow round for both sides: its ratio is still 0.8.
      { memory: side(500), redis: side(400, { ours: 2, reference: 2 }) },
      { memory: side(1000, { ours: 4, reference: 2 }), redis: side(600, { ours: 6, reference: 4 }) },
    ];
    expect(redisE2eFigures(rounds)).toMatchObject({
      redis_e2e_ratio: 0.8,
      redis_e2e_ratio_spread: '0.6-0.8 over 3 rounds',
      // Over every measured second: 1,800 articles in 30 s, and 2,500 in 30 s.
      redis_e2e_articles_per_s: 60,
      redis_e2e_memory_articles_per_s: 83.3,
      redis_status_p99_busy_vs_reference: 1.5,
      redis_status_p99_busy_vs_reference_spread: '1-1.5 over 3 rounds',
      redis_status_p99_busy_ms: 3,
      redis_status_reference_p99_busy_ms: 2,
      redis_memory_status_p99_busy_vs_reference: 1,
      redis_memory_status_p99_busy_vs_reference_spread: '1-2 over 3 rounds',
    });
  });
});

describe('redisE2eFailure', () => {
  it('passes rounds where every probe request and article succeeded', () => {
    expect(redisE2eFailure([{ memory: side(1000), redis: side(700) }])).toBeUndefined();
  });

  it('fails on failed articles of either side, naming the side', () => {
    expect(redisE2eFailure([{ memory: side(1000), redis: side(500, undefined, 79) }])).toBe(
      'api + worker over Redis: 79 of 579 articles failed',
    );
  });

  it('fails when the probe on the api process got errors', () => {
    const failure = redisE2eFailure([{ memory: side(1000), redis: side(700, undefined, 0, { non2xx: 12 }) }]);
    expect(failure).toMatch(/^our \/status probe: /);
    expect(failure).toContain('non-2xx');
  });

  it('fails a round in which a side completed nothing, rather than report a ratio of 0', () => {
    expect(
      redisE2eFailure([
        { memory: side(1000), redis: side(700) },
        { memory: side(1000), redis: side(0) },
      ]),
    ).toBe('api + worker over Redis: no article completed in 1 of 2 rounds');
    expect(redisE2eFailure([])).toBe('no round ran');
  });
});
