import {
  EVENT_HEAD,
  FIRST_NAME,
  INSTITUTION_HEAD,
  MONTH,
  NORMATIVA_HEAD,
  ORGANISATION_HEAD,
  PERSON_TITLE,
  SENTENCE_STARTER,
  WEEKDAY,
  type Lexicon,
} from './lexicon.ts';

/** A capitalised sequence after trimming sentence starters, titles and connectors off its ends. */
export interface NameSpan {
  text: string;
  start: number;
  end: number;
  /** A title written as part of the name ("Governor Mark Ellison"): the name is a person. */
  title: string | null;
  /** The sequence began a sentence, a quote or a line: its capital may mean nothing. */
  initial: boolean;
}

interface Word {
  w: string;
  lower: string;
  /** The lower-case word's flags in the lexicon's word index. */
  flags: number;
  start: number;
  end: number;
  connector: boolean;
}

const TOKEN = String.raw`\p{Lu}[\p{L}\p{M}\d]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*`;
const CONNECTOR_WORDS = ['de', 'del', 'y', 'e', 'of', 'the', 'and', 'for', 'van', 'von', 'da', 'do', 'dos', 'di'];
const ARTICLES = ['la', 'las', 'los', 'el', 'the'];
const CONNECTOR = String.raw`(?:[ \t]+(?:${CONNECTOR_WORDS.join('|')})(?:[ \t]+(?:${ARTICLES.join('|')}))?)`;
const CONNECTOR_SET = new Set([...CONNECTOR_WORDS, ...ARTICLES]);
const JOINERS = new Set(['y', 'e', 'and']);
const LINKS = new Set(['de', 'del', 'of']);
const isBlank = (c: number): boolean => c === 32 || c === 9;
// Flags (of the lexicon's word index) of words that split a capitalised run (months, weekdays)
// and of words that name a known kind of thing (heads, first names).
const BREAK_WORD = MONTH | WEEKDAY;
const KNOWN_WORD = FIRST_NAME | INSTITUTION_HEAD | ORGANISATION_HEAD | NORMATIVA_HEAD | EVENT_HEAD;

// Length of a final 's or ’s, or 0 (what /['’]s$/ finds, by char codes).
function possessiveLength(word: string): number {
  const n = word.length;
  if (n < 2 || word.charCodeAt(n - 1) !== 115) return 0;
  const mark = word.charCodeAt(n - 2);
  return mark === 39 || mark === 0x2019 ? 2 : 0;
}

// . ! ? … « “ " line break : — ( before a sequence: its capital may mean nothing.
function isInitialMark(c: number): boolean {
  switch (c) {
    case 46:
    case 33:
    case 63:
    case 0x2026:
    case 0xab:
    case 0x201c:
    case 34:
    case 10:
    case 58:
    case 0x2014:
    case 40:
      return true;
    default:
      return false;
  }
}

function isInitial(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  return i < 0 || isInitialMark(text.charCodeAt(i));
}

export interface NameMatcher {
  /** Names in text[from, to), in order. */
  names(text: string, from?: number, to?: number): NameSpan[];
  /** A word (any case) that names a kind of thing: a head, a place, a first name, an acronym. */
  isKnownWord(word: string): boolean;
}

export function isAcronym(word: string): boolean {
  if (word.length < 2 || word.length > 12) return false;
  // Compared with the word lower-cased whole, one char at a time; characters outside the BMP or
  // with a longer lower case are counted as before, code point by code point.
  const lower = word.toLowerCase();
  let upper = 0;
  let simple = lower.length === word.length;
  for (let i = 0; simple && i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) simple = false;
    else if (c !== lower.charCodeAt(i)) upper++;
  }
  if (!simple) {
    upper = 0;
    for (const ch of word) if (ch !== ch.toLowerCase()) upper++;
  }
  return upper >= 2 && upper * 2 >= word.length;
}

export function createNameMatcher(lexicon: Lexicon): NameMatcher {
  const nameRegex = new RegExp(String.raw`${TOKEN}(?:${CONNECTOR}?[ \t]+${TOKEN})*`, 'gu');
  const flagsOf = (lower: string): number => lexicon.dictionary.get(lower)?.flags ?? 0;
  const isKnownWord = (word: string): boolean =>
    isAcronym(word) || lexicon.places.has(word) || (flagsOf(word.toLowerCase()) & KNOWN_WORD) !== 0;

  // A joiner (y/and) belongs inside a name only when the name is built like one
  // ("Junta de Castilla y León", "Securities and Exchange Commission"), not between two names.
  function splitAtJoiners(words: Word[]): Word[][] {
    const groups: Word[][] = [];
    let current: Word[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (!word.connector && word.flags & BREAK_WORD) {
        if (current.length) groups.push(current);
        current = [];
        continue;
      }
      if (word.connector && JOINERS.has(word.lower)) {
        const next = words[i + 1];
        const last = words[words.length - 1]!.lower;
        const linked = current.some((w) => w.connector && LINKS.has(w.lower));
        const headed = lexicon.institutionHeads.has(last) || lexicon.organisationHeads.has(last);
        if (next?.connector || !(linked || headed)) {
          if (current.length) groups.push(current);
          current = [];
          continue;
        }
      }
      current.push(word);
    }
    if (current.length) groups.push(current);
    return groups;
  }

  function trim(group: Word[], initial: boolean, text: string, out: NameSpan[]): void {
    let s = 0;
    let e = group.length;
    let title: string | null = null;
    let first = true;
    let isInitialHere = initial;
    while (s < e) {
      const word = group[s]!;
      if (word.connector) {
        s++;
        continue;
      }
      const next = group[s + 1];
      if (word.flags & PERSON_TITLE && next && !next.connector) {
        title = title ? `${title} ${word.w}` : word.w;
      } else if (word.flags & SENTENCE_STARTER && !lexicon.places.has(word.w)) {
        // a starter such as "El" or "Según": drop it
      } else if (first && isInitialHere && next?.connector && !isKnownWord(word.w)) {
        // "Fuentes del Ministerio": a sentence-initial common noun before a connector
      } else break;
      s++;
      first = false;
      isInitialHere = false;
    }
    while (e > s && group[e - 1]!.connector) e--;
    if (s >= e) return;
    const firstWord = group[s]!;
    const lastWord = group[e - 1]!;
    let end = lastWord.end;
    if (lastWord.w.length > 2) end -= possessiveLength(lastWord.w);
    const nameText = text.slice(firstWord.start, end);
    if (nameText.length < 2) return;
    out.push({ text: nameText, start: firstWord.start, end, title, initial: isInitialHere && s === 0 });
  }

  function singleWord(text: string, word: string, start: number): NameSpan | null {
    const flags = flagsOf(word.toLowerCase());
    if (flags & (BREAK_WORD | PERSON_TITLE)) return null;
    if (flags & SENTENCE_STARTER && !lexicon.places.has(word)) return null;
    const possessive = word.length > 2 ? possessiveLength(word) : 0;
    const nameText = possessive ? word.slice(0, word.length - possessive) : word;
    if (nameText.length < 2) return null;
    return { text: nameText, start, end: start + nameText.length, title: null, initial: isInitial(text, start) };
  }

  function names(text: string, from = 0, to = text.length): NameSpan[] {
    const out: NameSpan[] = [];
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    // The matcher's own regex, from lastIndex 0: names() runs to the end without calling itself,
    // so nothing else moves lastIndex meanwhile. (Cloning it per call, as matchAll does, cost more
    // than matching the short texts most calls get.)
    nameRegex.lastIndex = 0;
    for (let match = nameRegex.exec(slice); match !== null; match = nameRegex.exec(slice)) {
      const base = from + match.index;
      const whole = match[0];
      // Most matches are one word: decide those without splitting into Word objects.
      if (whole.indexOf(' ') < 0 && whole.indexOf('\t') < 0) {
        const single = singleWord(text, whole, base);
        if (single) out.push(single);
        continue;
      }
      // The words of the match: it only ever separates them with spaces and tabs.
      const words: Word[] = [];
      for (let i = 0; i < whole.length;) {
        while (i < whole.length && isBlank(whole.charCodeAt(i))) i++;
        const start = i;
        while (i < whole.length && !isBlank(whole.charCodeAt(i))) i++;
        if (i === start) break;
        const w = whole.slice(start, i);
        const lower = w.toLowerCase();
        words.push({
          w,
          lower,
          flags: flagsOf(lower),
          start: base + start,
          end: base + i,
          connector: CONNECTOR_SET.has(w),
        });
      }
      const initial = isInitial(text, base);
      const groups = splitAtJoiners(words);
      groups.forEach((group, i) => trim(group, initial && i === 0 && group[0] === words[0], text, out));
    }
    return out;
  }

  return { names, isKnownWord };
}
