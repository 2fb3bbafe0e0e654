import { describe, expect, it } from 'vitest';
import { e2eFailure } from '../support/e2e-case.ts';
import { wrkResult } from './support/wrk-result.ts';

const submissions = (failed = 0) => [{ label: 'closed loop', completed: 500, failed }];

describe('e2eFailure', () => {
  it('passes a case where every probe request and every article succeeded', () => {
    expect(e2eFailure([{ probe: wrkResult(), reference: wrkResult() }], submissions())).toBeUndefined();
  });

  it('fails on errors of our probe in any phase, with their counts', () => {
    const phases = [
      { probe: wrkResult(), reference: wrkResult() },
      { probe: wrkResult({ non2xx: 4000 }), reference: wrkResult() },
    ];
    expect(e2eFailure(phases, submissions())).toBe('our /status probe: 4,000 non-2xx responses of 8,000');
  });

  it('fails on socket errors of the reference probe and on failed articles, naming both', () => {
    expect(e2eFailure([{ probe: wrkResult(), reference: wrkResult({ connect: 2 }) }], submissions(7))).toBe(
      'reference probe: socket errors: connect 2; closed loop: 7 of 507 articles failed',
    );
  });
});
