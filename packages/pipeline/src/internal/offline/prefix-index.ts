/**
 * Word stems looked up by a word's first few characters: `find(word)` is the value of the first
 * stem, in the order given, that shares the word's first `prefixLength` characters and starts
 * it. Same answers as a map keyed by `word.slice(0, prefixLength)`, without making that string
 * for every word: the key is a hash of the characters (a bucket may then hold stems of another
 * prefix, which the check below turns away).
 */
export class PrefixIndex<T> {
  readonly #prefixLength: number;
  readonly #buckets = new Map<number, (readonly [string, T])[]>();

  constructor(prefixLength: number, entries: Iterable<readonly [string, T]>) {
    this.#prefixLength = prefixLength;
    for (const entry of entries) {
      const key = this.#key(entry[0]);
      const bucket = this.#buckets.get(key);
      if (bucket) bucket.push(entry);
      else this.#buckets.set(key, [entry]);
    }
  }

  find(word: string): T | null {
    const bucket = this.#buckets.get(this.#key(word));
    if (!bucket) return null;
    for (const [stem, value] of bucket) {
      // A stem shorter than the prefix only ever matched a word equal to it.
      if (word.startsWith(stem) && (stem.length >= this.#prefixLength || word.length === stem.length)) return value;
    }
    return null;
  }

  #key(word: string): number {
    const n = Math.min(word.length, this.#prefixLength);
    let hash = n;
    for (let i = 0; i < n; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) & 0x3fffffff;
    return hash;
  }
}
