import { getRandomValues } from 'node:crypto';
import { SlotQueue } from './slot-queue.ts';

const EMPTY = 0;
const MIN_BUCKETS = 16;

/**
 * A seeded 32-bit string hash (FNV-1a, then murmur3's finaliser so that the low bits, which pick
 * the bucket, depend on every character). The seed is random per table, so the ids that collide
 * cannot be known in advance.
 */
export function hashString(value: string, seed: number): number {
  let hash = seed | 0;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * Stored items in numbered slots, found by id, rather than a `Map<id, item>`, because removals
 * come many at a time: deleting one key from a million-entry Map costs ~0.5 µs of cache misses
 * (the key's hash, its bucket, a chain through other entries and their keys), most of a large
 * sweep. Here the caller keeps the slot, so removing an item reads its hash from a column
 * and clears one entry of an open-addressing table: one scattered cache line per item.
 *
 * - Items live in a column indexed by slot; freed slots are reused oldest first, so items
 *   created one after another sit close together and leave (roughly) in that order too.
 * - The id table is an `Int32Array` of (slot + 1, hash) pairs, linear probing, at most half full.
 *   Removal shifts the following entries back instead of leaving tombstones, so the table never
 *   needs rebuilding except to grow.
 * - Nothing shrinks: the column and table stay sized for the most items held at once, which the
 *   tracker's `maxStored` bounds (30-50 bytes per item of that peak).
 */
export class JobTable<T extends { readonly id: string }> {
  #items: (T | undefined)[] = [];
  #hashes = new Int32Array(MIN_BUCKETS);
  #free = new SlotQueue();
  #table = new Int32Array(MIN_BUCKETS * 2);
  #mask = MIN_BUCKETS - 1;
  #size = 0;
  readonly #seed: number;

  /** `seed` is for tests; by default it is random. */
  constructor(seed: number = getRandomValues(new Int32Array(1))[0]!) {
    this.#seed = seed | 0;
  }

  get size(): number {
    return this.#size;
  }

  /** The slot of the item with this id, or -1. */
  slotOf(id: string): number {
    const hash = hashString(id, this.#seed);
    const table = this.#table;
    const mask = this.#mask;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = table[at * 2]!;
      if (entry === EMPTY) return -1;
      if (table[at * 2 + 1] === hash && this.#items[entry - 1]!.id === id) return entry - 1;
    }
  }

  get(id: string): T | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : this.#items[slot];
  }

  /** The item in an occupied slot. */
  at(slot: number): T {
    return this.#items[slot]!;
  }

  /** Stores an item whose id is not stored yet; returns its slot. */
  add(item: T): number {
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#resize((this.#mask + 1) * 2);
    let slot = this.#free.shift();
    if (slot < 0) {
      slot = this.#items.length;
      this.#items.push(item);
      if (slot === this.#hashes.length) {
        const hashes = new Int32Array(this.#hashes.length * 2);
        hashes.set(this.#hashes);
        this.#hashes = hashes;
      }
    } else {
      this.#items[slot] = item;
    }
    const hash = hashString(item.id, this.#seed);
    this.#hashes[slot] = hash;
    this.#place(slot, hash);
    this.#size++;
    return slot;
  }

  /** Puts a new version of the item in an occupied slot (same id). */
  replace(slot: number, item: T): void {
    this.#items[slot] = item;
  }

  /** Empties an occupied slot and returns what it held. */
  remove(slot: number): T {
    const item = this.#items[slot]!;
    this.#items[slot] = undefined;
    this.#free.push(slot);
    this.#size--;
    const table = this.#table;
    const mask = this.#mask;
    let gap = this.#hashes[slot]! & mask;
    while (table[gap * 2] !== slot + 1) gap = (gap + 1) & mask;
    // Backward-shift deletion: move back each following entry of the run that may sit in the
    // gap (its home is not between the gap and where it is), so lookups never meet a hole
    // before what they look for.
    for (let at = (gap + 1) & mask; table[at * 2] !== EMPTY; at = (at + 1) & mask) {
      const home = table[at * 2 + 1]! & mask;
      const stays = gap < at ? gap < home && home <= at : gap < home || home <= at;
      if (stays) continue;
      table[gap * 2] = table[at * 2]!;
      table[gap * 2 + 1] = table[at * 2 + 1]!;
      gap = at;
    }
    table[gap * 2] = EMPTY;
    table[gap * 2 + 1] = 0;
    return item;
  }

  #place(slot: number, hash: number): void {
    const table = this.#table;
    const mask = this.#mask;
    let at = hash & mask;
    while (table[at * 2] !== EMPTY) at = (at + 1) & mask;
    table[at * 2] = slot + 1;
    table[at * 2 + 1] = hash;
  }

  #resize(buckets: number): void {
    const old = this.#table;
    this.#table = new Int32Array(buckets * 2);
    this.#mask = buckets - 1;
    for (let at = 0; at < old.length; at += 2) if (old[at] !== EMPTY) this.#place(old[at]! - 1, old[at + 1]!);
  }
}
