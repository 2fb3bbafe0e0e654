import { isWordCode } from './word-scanner.ts';

/**
 * Every word of a text (the runs of letters and digits `forEachWord` visits), in order, each with
 * the id of its lower-case form. Built once per document and read by every phase: a word pass
 * then costs array reads instead of a slice, a lower-case and a map lookup per word, and a fact
 * about a word (a verb? a stopword? a month?) is worked out once per distinct word. `known`
 * holds what a dictionary of words known in advance (the lexicon's) says of each distinct word.
 */
export class WordTable<T> {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly ids: Int32Array;
  /** The lower-case form of each distinct word, by id; ids follow the order of first occurrence. */
  readonly forms: readonly string[];
  /** The dictionary's entry for each distinct word, by id. */
  readonly known: readonly (T | undefined)[];
  readonly #slots: Int32Array | null;
  readonly #byForm: ReadonlyMap<string, number> | null;

  constructor(
    words: Int32Array,
    count: number,
    forms: readonly string[],
    known: readonly (T | undefined)[],
    slots: Int32Array | null,
    byForm: ReadonlyMap<string, number> | null,
  ) {
    const capacity = words.length / 3;
    this.count = count;
    this.starts = words.subarray(0, capacity);
    this.ends = words.subarray(capacity, 2 * capacity);
    this.ids = words.subarray(2 * capacity);
    this.forms = forms;
    this.known = known;
    this.#slots = slots;
    this.#byForm = byForm;
  }

  /** The id of a lower-case word, or -1 when the text does not have it. */
  idOf(form: string): number {
    if (this.#byForm) return this.#byForm.get(form) ?? -1;
    const slots = this.#slots!;
    const mask = slots.length / 2 - 1;
    const hash = hashOf(form);
    for (
      let slot = hash & mask, entry = slots[2 * slot]!;
      entry !== 0;
      slot = (slot + 1) & mask, entry = slots[2 * slot]!
    ) {
      if (slots[2 * slot + 1] === hash && this.forms[entry - 1] === form) return entry - 1;
    }
    return -1;
  }

  /** Index of the first word that ends after `offset` (count when none does). */
  firstEndingAfter(offset: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function hashOf(form: string): number {
  let hash = 0;
  for (let k = 0; k < form.length; k++) hash = (Math.imul(hash, 31) + form.charCodeAt(k)) | 0;
  return hash;
}

/**
 * Lower-case words known in advance, hashed as the word table hashes a text's words: a new word
 * is looked up while the text is scanned, with no string to make and hash again (looking the
 * distinct words up in a Map afterwards cost a quarter as much as building the table).
 */
export class WordDictionary<T> {
  readonly #words: string[] = [];
  readonly #values: T[] = [];
  // Pairs of (entry + 1, hash): most words of a text are not in the dictionary, and the hash next
  // to the entry turns them away without reading a string (a cache miss each, here).
  readonly #table: Int32Array;
  readonly #mask: number;

  constructor(entries: ReadonlyMap<string, T>) {
    const size = powerOfTwoAbove(2 * entries.size);
    this.#table = new Int32Array(2 * size);
    this.#mask = size - 1;
    for (const [word, value] of entries) {
      const hash = hashOf(word);
      let slot = hash & this.#mask;
      while (this.#table[2 * slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#words.push(word);
      this.#values.push(value);
      this.#table[2 * slot] = this.#words.length;
      this.#table[2 * slot + 1] = hash;
    }
  }

  /** The entry of source[start, start + length), whose hash is `hash`. */
  find(source: string, start: number, length: number, hash: number): T | undefined {
    const table = this.#table;
    const mask = this.#mask;
    for (
      let slot = hash & mask, entry = table[2 * slot]!;
      entry !== 0;
      slot = (slot + 1) & mask, entry = table[2 * slot]!
    ) {
      if (table[2 * slot + 1] !== hash) continue;
      const word = this.#words[entry - 1]!;
      if (word.length !== length) continue;
      let k = 0;
      while (k < length && word.charCodeAt(k) === source.charCodeAt(start + k)) k++;
      if (k === length) return this.#values[entry - 1];
    }
    return undefined;
  }

  get(word: string): T | undefined {
    return this.find(word, 0, word.length, hashOf(word));
  }
}

/**
 * `lower` is the text lower-cased with its length kept (`lowerCopy`); when there is none, each
 * word is lower-cased on its own, as the word passes did before.
 */
export function buildWordTable<T>(text: string, lower: string | null, dictionary: WordDictionary<T>): WordTable<T> {
  return lower === null ? buildByMap(text, dictionary) : buildByHash(lower, dictionary);
}

// Starts, ends and ids share one buffer, as do the per-distinct-word fields: a typed array costs
// about a microsecond to allocate here, which added up to a few percent of a small document.
function grow(array: Int32Array, fields: number, used: number): Int32Array<ArrayBuffer> {
  const capacity = array.length / fields;
  const bigger = new Int32Array(array.length * 2);
  for (let f = 0; f < fields; f++) bigger.set(array.subarray(f * capacity, f * capacity + used), f * capacity * 2);
  return bigger;
}

// Open addressing over the lower-case text's char codes: a repeated word costs its hash and one
// comparison with its first occurrence, and allocates nothing. Everything stays in locals of one
// loop (a helper closure over the table state cost a third more). Lower-casing keeps letters
// letters, so the words of `lower` are the words of the text.
function buildByHash<T>(lower: string, dictionary: WordDictionary<T>): WordTable<T> {
  const n = lower.length;
  // A fifth of the characters is room for the words of most texts (about six characters a word).
  let capacity = Math.max(16, Math.ceil(n / 5));
  let words = new Int32Array(3 * capacity);
  const forms: string[] = [];
  const known: (T | undefined)[] = [];
  // firstAt and length of each distinct word, starting with room for one per twelve characters
  // (about half the words of a short text are distinct, fewer in a long one).
  let distinctCapacity = Math.min(4096, Math.max(64, Math.ceil(n / 12)));
  let distinct = new Int32Array(2 * distinctCapacity);
  // Pairs of (id + 1, hash), the hash next to the id so a probe seldom reads further.
  let slots = new Int32Array(2 * powerOfTwoAbove(2 * distinctCapacity));
  let mask = slots.length / 2 - 1;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    while (!isWordCode(c)) {
      if (++i >= n) break;
      c = lower.charCodeAt(i);
    }
    if (i >= n) break;
    const start = i;
    let hash = 0;
    do {
      hash = (Math.imul(hash, 31) + c) | 0;
      if (++i >= n) break;
      c = lower.charCodeAt(i);
    } while (isWordCode(c));
    const length = i - start;
    let slot = hash & mask;
    let id = -1;
    for (let entry = slots[2 * slot]!; entry !== 0; slot = (slot + 1) & mask, entry = slots[2 * slot]!) {
      const candidate = entry - 1;
      if (slots[2 * slot + 1] !== hash || distinct[distinctCapacity + candidate] !== length) continue;
      const at = distinct[candidate]!;
      let k = 0;
      while (k < length && lower.charCodeAt(at + k) === lower.charCodeAt(start + k)) k++;
      if (k === length) {
        id = candidate;
        break;
      }
    }
    if (id < 0) {
      id = forms.length;
      if (id === distinctCapacity) {
        distinct = grow(distinct, 2, id);
        distinctCapacity *= 2;
      }
      forms.push(lower.slice(start, i));
      known.push(dictionary.find(lower, start, length, hash));
      distinct[id] = start;
      distinct[distinctCapacity + id] = length;
      slots[2 * slot] = id + 1;
      slots[2 * slot + 1] = hash;
      // Keep the table at most half full so probes stay short.
      if (forms.length * 4 > slots.length) {
        const old = slots;
        slots = new Int32Array(old.length * 2);
        mask = slots.length / 2 - 1;
        for (let o = 0; o < old.length; o += 2) {
          if (old[o] === 0) continue;
          let free = old[o + 1]! & mask;
          while (slots[2 * free] !== 0) free = (free + 1) & mask;
          slots[2 * free] = old[o]!;
          slots[2 * free + 1] = old[o + 1]!;
        }
      }
    }
    if (count === capacity) {
      words = grow(words, 3, count);
      capacity *= 2;
    }
    words[count] = start;
    words[capacity + count] = i;
    words[2 * capacity + count] = id;
    count++;
  }
  return new WordTable(words, count, forms, known, slots, null);
}

function powerOfTwoAbove(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

function buildByMap<T>(text: string, dictionary: WordDictionary<T>): WordTable<T> {
  const starts: number[] = [];
  const ends: number[] = [];
  const ids: number[] = [];
  const forms: string[] = [];
  const known: (T | undefined)[] = [];
  const byForm = new Map<string, number>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && isWordCode(text.charCodeAt(i))) i++;
    const form = text.slice(start, i).toLowerCase();
    let id = byForm.get(form);
    if (id === undefined) {
      id = forms.length;
      forms.push(form);
      known.push(dictionary.get(form));
      byForm.set(form, id);
    }
    starts.push(start);
    ends.push(i);
    ids.push(id);
  }
  const words = Int32Array.from([...starts, ...ends, ...ids]);
  return new WordTable(words, starts.length, forms, known, null, byForm);
}

/**
 * The lower-case form of word `k` as a pass over text[from, to) sees it: the whole form when the
 * word lies inside, else the part inside (a range that cuts a word sees only its piece).
 */
export function formWithin<T>(
  words: WordTable<T>,
  k: number,
  from: number,
  to: number,
  text: string,
  lower: string | null,
): string {
  const start = words.starts[k]!;
  const end = words.ends[k]!;
  if (start >= from && end <= to) return words.forms[words.ids[k]!]!;
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  return lower ? lower.slice(s, e) : text.slice(s, e).toLowerCase();
}
