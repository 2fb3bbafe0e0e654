import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeOutput } from '../src/internal/output-transformer.ts';

// The shortcut is only sound if it answers exactly what superjson answers, for every value,
// refusals included: superjson throws on `__proto__`, `constructor` and `prototype` keys, and
// fc.jsonValue() produces them now and then.
const sameAsSuperjson = (value: unknown) => {
  let expected: string;
  try {
    expected = JSON.stringify(superjson.serialize(value));
  } catch (error) {
    expect(() => serializeOutput(value)).toThrow((error as Error).message);
    return;
  }
  expect(JSON.stringify(serializeOutput(value))).toBe(expected);
  expect(superjson.deserialize(serializeOutput(value))).toEqual(superjson.deserialize(superjson.serialize(value)));
};

describe('serializeOutput', () => {
  it('gives superjson’s bytes for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), sameAsSuperjson), { numRuns: 500 });
  });

  it('keeps -0, as superjson does (found by the property above, seed 1601749601)', () => {
    sameAsSuperjson(-0);
    sameAsSuperjson({ a: [1, -0] });
    expect(Object.is(superjson.deserialize<{ a: number }>(serializeOutput({ a: -0 })).a, -0)).toBe(true);
  });

  it('refuses what superjson refuses, in any JSON tree (found by the property above, seed -528596386)', () => {
    sameAsSuperjson({ '': { prototype: null } });
    expect(() => serializeOutput({ a: [{ constructor: 1 }] })).toThrow(/prototype pollution/);
  });

  it('gives superjson’s bytes for values superjson annotates (Dates, Maps, undefined, NaN, bigint, ...)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (value) => {
          let expected: string | Error;
          try {
            expected = JSON.stringify(superjson.serialize(value));
          } catch (error) {
            expected = error as Error;
          }
          if (expected instanceof Error) expect(() => serializeOutput(value)).toThrow(expected.message);
          else expect(JSON.stringify(serializeOutput(value))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps shared objects shared, as superjson does (the client gets one object back)', () => {
    const places = ['Madrid'];
    const value = { datos: [{ ambito: places }, { ambito: places }] };
    sameAsSuperjson(value);
    expect(serializeOutput(value)).toHaveProperty('meta.referentialEqualities');
    const back = superjson.deserialize<typeof value>(serializeOutput(value));
    expect(back.datos[0]!.ambito).toBe(back.datos[1]!.ambito);
  });

  it('refuses prototype-polluting keys as superjson does', () => {
    const value = JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown;
    expect(() => superjson.serialize(value)).toThrow();
    expect(() => serializeOutput(value)).toThrow();
  });

  it('takes the shortcut for JSON trees: the value itself, no copy and no meta', () => {
    const tree = {
      job: { status: 'completed', progress: { percentage: 100 } },
      result: { items: [1, 'a', null, true] },
    };
    const out = serializeOutput(tree);
    expect(out.json).toBe(tree);
    expect(out).not.toHaveProperty('meta');
  });
});
