import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreationIndex } from '../../src/internal/creation-index.ts';
import { SlotQueue } from '../../src/internal/slot-queue.ts';

describe('CreationIndex', () => {
  it('behaves like a sorted list of live ids under random adds and removals', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ remove: fc.nat() }),
      fc.record({ before: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const index = new CreationIndex();
        const model: { order: number; id: string }[] = [];
        let order = 0;
        for (const o of ops) {
          if ('add' in o) {
            for (let i = 0; i < o.add; i++) {
              order += 1 + (i % 2); // gaps between ordinals are allowed
              index.add(order, `id${order}`);
              model.push({ order, id: `id${order}` });
            }
          } else if ('remove' in o && model.length > 0) {
            const [gone] = model.splice(o.remove % model.length, 1);
            index.remove(gone!.order);
            index.remove(gone!.order); // twice is harmless
          } else if ('before' in o) {
            const limit = 3;
            const got: string[] = [];
            index.forEachNewestFirst(o.before, (id) => (got.push(id), got.length < limit));
            const want = model
              .filter((m) => m.order < o.before)
              .reverse()
              .slice(0, limit)
              .map((m) => m.id);
            expect(got).toEqual(want);
          }
          expect(index.size).toBe(model.length);
          expect(index.oldest()).toBe(model[0]?.id ?? null);
          expect(index.newest()).toBe(model.at(-1)?.id ?? null);
        }
        const all: string[] = [];
        index.forEachNewestFirst(undefined, (id) => (all.push(id), true));
        expect(all).toEqual(model.map((m) => m.id).reverse());
      }),
      { numRuns: 200 },
    );
  });

  it('compacts holes once they outnumber the live ids', () => {
    const index = new CreationIndex();
    for (let i = 1; i <= 5000; i++) index.add(i, `id${i}`);
    for (let i = 1; i <= 5000; i += 2) index.remove(i); // holes everywhere, not only at the ends
    for (let i = 2; i <= 4000; i += 2) index.remove(i);
    expect(index.size).toBe(500);
    const all: string[] = [];
    index.forEachNewestFirst(undefined, (id) => (all.push(id), true));
    expect(all).toHaveLength(500);
    expect(all[0]).toBe('id5000');
    expect(index.oldest()).toBe('id4002');
  });
});

describe('SlotQueue', () => {
  it('behaves like an array queue of (slot, time) pairs under random pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 200 }), (ops) => {
        const queue = new SlotQueue();
        const model: { slot: number; time: number }[] = [];
        let next = 0;
        for (const o of ops) {
          if (o < 0) {
            expect(queue.shift()).toBe(model.shift()?.slot ?? -1);
          } else {
            for (let i = 0; i < o; i++) {
              const item = { slot: next, time: 1.7e12 + next * 0.5 }; // epoch ms do not fit an int32
              queue.push(item.slot, item.time);
              model.push(item);
              next++;
            }
          }
          expect(queue.size).toBe(model.length);
          expect(queue.peekSlot()).toBe(model[0]?.slot ?? -1);
          expect(queue.peekTime()).toBe(model[0]?.time ?? Number.NaN);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its order when it grows while wrapped around', () => {
    const queue = new SlotQueue();
    const out: number[] = [];
    for (let i = 0; i < 12; i++) queue.push(i, i);
    for (let i = 0; i < 10; i++) out.push(queue.shift());
    for (let i = 12; i < 100; i++) queue.push(i, i); // wraps past the end of 16, then doubles twice
    while (queue.size > 0) out.push(queue.shift());
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('answers -1 and NaN when empty, so that no time comparison passes', () => {
    const queue = new SlotQueue();
    expect(queue.shift()).toBe(-1);
    expect(queue.peekSlot()).toBe(-1);
    expect(queue.peekTime() <= Infinity).toBe(false);
    queue.push(3);
    expect(queue.peekTime()).toBe(0);
  });
});
