import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, JobTable } from '../../src/internal/job-table.ts';

interface Item {
  id: string;
  version: number;
}

/** Every stored id is found in its slot, and ids not stored are not found. */
function expectMatches(
  table: JobTable<Item>,
  model: Map<string, { slot: number; item: Item }>,
  absent: string[],
): void {
  expect(table.size).toBe(model.size);
  for (const [id, { slot, item }] of model) {
    expect(table.slotOf(id)).toBe(slot);
    expect(table.get(id)).toBe(item);
    expect(table.at(slot)).toBe(item);
  }
  for (const id of absent) {
    expect(table.slotOf(id)).toBe(-1);
    expect(table.get(id)).toBeUndefined();
  }
}

describe('JobTable', () => {
  it('behaves like a Map from id to item under random adds, replacements and removals', () => {
    // Ids from a small pool come back after removal, and tables stay small (16 to 64 buckets),
    // so runs of colliding entries are frequent.
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 19 }) }),
      fc.record({ remove: fc.nat() }),
      fc.record({ replace: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.array(op, { maxLength: 300 }), (seed, ops) => {
        const table = new JobTable<Item>(seed);
        const model = new Map<string, { slot: number; item: Item }>();
        const pool = Array.from({ length: 20 }, (_, i) => `req_${i.toString(36).padStart(24, '0')}`);
        let version = 0;
        for (const o of ops) {
          const live = [...model.keys()];
          if ('add' in o) {
            const id = pool[o.add]!;
            if (model.has(id)) continue;
            const item = { id, version: version++ };
            const slot = table.add(item);
            // A slot is never handed out twice at once.
            expect([...model.values()].some((entry) => entry.slot === slot)).toBe(false);
            model.set(id, { slot, item });
          } else if ('remove' in o && live.length > 0) {
            const id = live[o.remove % live.length]!;
            const { slot, item } = model.get(id)!;
            expect(table.remove(slot)).toBe(item);
            model.delete(id);
          } else if ('replace' in o && live.length > 0) {
            const id = live[o.replace % live.length]!;
            const entry = model.get(id)!;
            entry.item = { id, version: version++ };
            table.replace(entry.slot, entry.item);
          }
          expectMatches(
            table,
            model,
            pool.filter((id) => !model.has(id)),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reuses freed slots oldest first, and finds everything while a large FIFO turns over', () => {
    const table = new JobTable<Item>(7);
    const id = (n: number) => `req_${n.toString(16).padStart(32, '0')}`;
    const slots: number[] = [];
    for (let n = 0; n < 5000; n++) slots.push(table.add({ id: id(n), version: 0 }));
    expect(slots).toEqual(Array.from({ length: 5000 }, (_, n) => n));
    for (let n = 0; n < 3000; n++) table.remove(slots[n]!);
    // The next items take the slots freed first, in order.
    for (let n = 5000; n < 8000; n++) slots.push(table.add({ id: id(n), version: 0 }));
    expect(slots.slice(5000)).toEqual(Array.from({ length: 3000 }, (_, n) => n));
    expect(table.size).toBe(5000);
    for (let n = 0; n < 8000; n++) {
      if (n < 3000) expect(table.get(id(n))).toBeUndefined();
      else expect(table.get(id(n))?.id).toBe(id(n));
    }
  });

  describe('when a run of collisions wraps past the end of the table', () => {
    // A new table has 16 buckets. Ids are picked by the bucket their hash falls in.
    const seed = 3;
    const candidates = Array.from({ length: 2000 }, (_, n) => `req_${String(n).padStart(24, '0')}`);
    const idsIn = (bucket: number) => candidates.filter((id) => (hashString(id, seed) & 15) === bucket);

    it('leaves an entry that wrapped to its own bucket where it is', () => {
      const [last1, last2] = idsIn(15);
      const [first] = idsIn(0);
      const table = new JobTable<Item>(seed);
      const removed = table.add({ id: last1!, version: 1 }); // at 15
      table.add({ id: first!, version: 2 }); // at 0, its bucket
      table.add({ id: last2!, version: 3 }); // 15 and 0 taken: at 1
      table.remove(removed);
      expect(table.get(first!)?.version).toBe(2);
      expect(table.get(last2!)?.version).toBe(3);
      expect(table.get(last1!)).toBeUndefined();
    });

    it('leaves an entry that wrapped from a bucket after the gap where it is', () => {
      const [beforeLast] = idsIn(14);
      const [last1, last2] = idsIn(15);
      const table = new JobTable<Item>(seed);
      const removed = table.add({ id: beforeLast!, version: 1 }); // at 14
      table.add({ id: last1!, version: 2 }); // at 15
      table.add({ id: last2!, version: 3 }); // wraps to 0; may not move back to 14, before its bucket
      table.remove(removed);
      expect(table.get(last1!)?.version).toBe(2);
      expect(table.get(last2!)?.version).toBe(3);
      expect(table.get(beforeLast!)).toBeUndefined();
    });
  });

  it('does not confuse an id with one of the same hash bucket or a prefix of it', () => {
    const table = new JobTable<Item>(1);
    table.add({ id: 'req_abc', version: 1 });
    expect(table.get('req_ab')).toBeUndefined();
    expect(table.get('req_abcd')).toBeUndefined();
    expect(table.get('')).toBeUndefined();
    expect(table.get('req_abc')?.version).toBe(1);
  });
});

describe('hashString', () => {
  it('depends on the seed and on every character', () => {
    const id = 'req_0123456789abcdef0123456789abcdef';
    expect(hashString(id, 1)).toBe(hashString(id, 1));
    expect(hashString(id, 1)).not.toBe(hashString(id, 2));
    for (let at = 0; at < id.length; at++) {
      const changed = `${id.slice(0, at)}${id[at] === 'z' ? 'y' : 'z'}${id.slice(at + 1)}`;
      expect(hashString(changed, 1)).not.toBe(hashString(id, 1));
    }
  });

  it('spreads ids that differ in a few characters over the low bits, which pick the bucket', () => {
    const buckets = 1 << 12;
    const used = new Set<number>();
    for (let n = 0; n < buckets; n++) used.add(hashString(`req_${String(n).padStart(24, '0')}`, 42) & (buckets - 1));
    // Random placement leaves 1 - 1/e (63%) of the buckets used; a weak hash far fewer.
    expect(used.size / buckets).toBeGreaterThan(0.6);
  });
});
