/**
 * Word stems looked up by a word's first few characters: `find(word)` is the value of the first
 * stem, in the order given, that shares the word's first `prefixLength` characters and starts
 * it. Same answers as a map keyed by `word.slice(0, prefixLength)`, without making that string
 * for every word: the key is a hash of the characters, in an open-addressing table where a word
 * with no stem (most words) is turned away by its first probe. Keys that share a hash share a
 * bucket; the check in `find` turns away the stems of the other prefix.
 */
export class PrefixIndex<T> {
  readonly #prefixLength: number;
  readonly #buckets: (readonly [string, T])[][] = [];
  // Pairs of (bucket + 1, hash).
  readonly #table: Int32Array;
  readonly #mask: number;

  constructor(prefixLength: number, entries: Iterable<readonly [string, T]>) {
    this.#prefixLength = prefixLength;
    const byKey = new Map<number, (readonly [string, T])[]>();
    for (const entry of entries) {
      const key = this.#key(entry[0]);
      const bucket = byKey.get(key);
      if (bucket) bucket.push(entry);
      else byKey.set(key, [entry]);
    }
    let size = 16;
    while (size < 2 * byKey.size) size *= 2;
    this.#table = new Int32Array(2 * size);
    this.#mask = size - 1;
    for (const [key, bucket] of byKey) {
      let slot = key & this.#mask;
      while (this.#table[2 * slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#buckets.push(bucket);
      this.#table[2 * slot] = this.#buckets.length;
      this.#table[2 * slot + 1] = key;
    }
  }

  find(word: string): T | null {
    const key = this.#key(word);
    const table = this.#table;
    for (
      let slot = key & this.#mask, entry = table[2 * slot]!;
      entry !== 0;
      slot = (slot + 1) & this.#mask, entry = table[2 * slot]!
    ) {
      if (table[2 * slot + 1] !== key) continue;
      for (const [stem, value] of this.#buckets[entry - 1]!) {
        // A stem shorter than the prefix only ever matched a word equal to it.
        if (word.startsWith(stem) && (stem.length >= this.#prefixLength || word.length === stem.length)) return value;
      }
      return null;
    }
    return null;
  }

  #key(word: string): number {
    const n = Math.min(word.length, this.#prefixLength);
    let hash = n;
    for (let i = 0; i < n; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
    return hash;
  }
}
