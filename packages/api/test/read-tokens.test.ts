import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReadTokens } from '../src/access/read-tokens.ts';

const JOB = 'req_0123456789abcdef0123456789abcdef';
const SECRET = 'secreto-de-pruebas-0123456789abcdefghij';

describe('read tokens', () => {
  it('grant their job until they expire', () => {
    let now = 1_000_000_000_000;
    const tokens = createReadTokens({ secret: SECRET, ttlMs: 60_000, now: () => now });
    const token = tokens.issue(JOB);
    expect(tokens.verify(token)).toBe(JOB);
    now += 59_000;
    expect(tokens.verify(token)).toBe(JOB);
    now += 2_000;
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('another secret, or none shared (random per process), does not verify them', () => {
    const token = createReadTokens({ secret: SECRET, ttlMs: 60_000 }).issue(JOB);
    expect(createReadTokens({ secret: `${SECRET}x`, ttlMs: 60_000 }).verify(token)).toBeUndefined();
    expect(createReadTokens({ ttlMs: 60_000 }).verify(token)).toBeUndefined();
    expect(createReadTokens({ secret: SECRET, ttlMs: 60_000 }).verify(token)).toBe(JOB);
  });

  it('any change to a token, one character or the job id, makes it invalid', () => {
    const tokens = createReadTokens({ secret: SECRET, ttlMs: 60_000 });
    const token = tokens.issue(JOB);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (at, char) => {
        fc.pre(token[at] !== char);
        const changed = token.slice(0, at) + char + token.slice(at + 1);
        expect(tokens.verify(changed)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    expect(tokens.verify(token.replace(JOB, 'req_ffffffffffffffffffffffffffffffff'))).toBeUndefined();
    expect(tokens.verify(`${token}x`)).toBeUndefined();
  });
});
