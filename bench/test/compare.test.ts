import { describe, expect, it } from 'vitest';
import { summariseRounds, type RoundFigures } from '../support/compare.ts';
import { formatSpread } from '../support/stats.ts';

const clean = { non2xx: 0, connect: 0, read: 0, write: 0, timeout: 0 };
const side = (rps: number, cpuMicrosPerRequest: number, errors = clean): RoundFigures => ({
  rps,
  requests: rps * 5,
  cpuMicrosPerRequest,
  p99Ms: 2,
  errors,
});

describe('summariseRounds', () => {
  it('takes each ratio against the reference of its own round, with the spread of the rounds', () => {
    // The reference is slow in the rounds where ours is slow (a busy machine): per round the
    // ratios are 1.0, 0.9, 1.1, 0.8, 1.2 (median 1.0), while the medians of each side give 0.9.
    const c = summariseRounds([
      { ours: side(10_000, 100), ref: side(10_000, 100) },
      { ours: side(9_000, 100), ref: side(10_000, 90) },
      { ours: side(5_500, 100), ref: side(5_000, 110) },
      { ours: side(4_000, 125), ref: side(5_000, 100) },
      { ours: side(12_000, 80), ref: side(10_000, 96) },
    ]);
    if (!c.ok) throw new Error(c.failure);
    expect(c.ratio.median).toBeCloseTo(1.0);
    expect([c.ratio.min, c.ratio.max]).toEqual([0.8, 1.2]);
    expect(formatSpread(c.ratio)).toBe('0.8-1.2 over 5 rounds');
    expect(c.cpuRatio.median).toBeCloseTo(1.0);
    expect(c.cpuRatio.min).toBeCloseTo(0.8);
    expect(c.cpuRatio.max).toBeCloseTo(1.2);
    expect(c.ours.rps).toBe(9000);
    expect(c.ref.rps).toBe(10_000);
  });

  it('fails a fast route that answers 404, with the counts and no ratio', () => {
    const notFound = { ...clean, non2xx: 50_000 };
    const c = summariseRounds([
      { ours: side(10_000, 50, notFound), ref: side(8_000, 100) },
      { ours: side(10_000, 50, notFound), ref: side(8_000, 100) },
    ]);
    expect(c).toEqual({ ok: false, failure: 'ours: 100,000 non-2xx responses of 100,000; reference: no errors' });
  });

  it('fails on socket errors of either side, even a single one', () => {
    const c = summariseRounds([{ ours: side(10_000, 50), ref: side(8_000, 100, { ...clean, timeout: 1 }) }]);
    expect(c).toEqual({ ok: false, failure: 'ours: no errors; reference: socket errors: timeout 1' });
  });

  it('fails a round where no request completed', () => {
    const c = summariseRounds([{ ours: { ...side(0, Number.NaN), requests: 0 }, ref: side(8_000, 100) }]);
    expect(c).toEqual({ ok: false, failure: 'ours: no request completed in a round; reference: no errors' });
  });

  it('says a single round has no spread', () => {
    const c = summariseRounds([{ ours: side(9_000, 100), ref: side(10_000, 90) }]);
    if (!c.ok) throw new Error(c.failure);
    expect(formatSpread(c.ratio)).toBe('one round, no spread');
  });
});
