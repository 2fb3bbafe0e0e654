import type { Lexicon } from './lexicon.ts';

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
const POSSESSIVE = /['’]s$/;
const WORD_IN_MATCH = /\S+/g;
const INITIAL_BEFORE = '.!?…«“"\n:—(';

export interface NameMatcher {
  /** Names in text[from, to), in order. */
  names(text: string, from?: number, to?: number): NameSpan[];
  /** A word (any case) that names a kind of thing: a head, a place, a first name, an acronym. */
  isKnownWord(word: string): boolean;
}

export function isAcronym(word: string): boolean {
  if (word.length < 2 || word.length > 12) return false;
  let upper = 0;
  for (const ch of word) if (ch !== ch.toLowerCase()) upper++;
  return upper >= 2 && upper * 2 >= word.length;
}

export function createNameMatcher(lexicon: Lexicon): NameMatcher {
  const nameRegex = new RegExp(String.raw`${TOKEN}(?:${CONNECTOR}?[ \t]+${TOKEN})*`, 'gu');
  const isKnownWord = (word: string): boolean => {
    const lower = word.toLowerCase();
    return (
      isAcronym(word) ||
      lexicon.places.has(word) ||
      lexicon.firstNames.has(lower) ||
      lexicon.institutionHeads.has(lower) ||
      lexicon.organisationHeads.has(lower) ||
      lexicon.normativaHeads.has(lower) ||
      lexicon.eventHeads.has(lower)
    );
  };
  const isBreakWord = (lower: string): boolean => lexicon.months.has(lower) || lexicon.weekdays.has(lower);

  function isInitial(text: string, start: number): boolean {
    let i = start - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    return i < 0 || INITIAL_BEFORE.includes(text[i]!);
  }

  // A joiner (y/and) belongs inside a name only when the name is built like one
  // ("Junta de Castilla y León", "Securities and Exchange Commission"), not between two names.
  function splitAtJoiners(words: Word[]): Word[][] {
    const groups: Word[][] = [];
    let current: Word[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (!word.connector && isBreakWord(word.lower)) {
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
      if (lexicon.personTitles.has(word.lower) && next && !next.connector) {
        title = title ? `${title} ${word.w}` : word.w;
      } else if (lexicon.sentenceStarters.has(word.lower) && !lexicon.places.has(word.w)) {
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
    const possessive = POSSESSIVE.exec(lastWord.w);
    if (possessive && lastWord.w.length > 2) end -= possessive[0].length;
    const nameText = text.slice(firstWord.start, end);
    if (nameText.length < 2) return;
    out.push({ text: nameText, start: firstWord.start, end, title, initial: isInitialHere && s === 0 });
  }

  function singleWord(text: string, word: string, start: number): NameSpan | null {
    const lower = word.toLowerCase();
    if (isBreakWord(lower) || lexicon.personTitles.has(lower)) return null;
    if (lexicon.sentenceStarters.has(lower) && !lexicon.places.has(word)) return null;
    const possessive = word.length > 2 ? POSSESSIVE.exec(word) : null;
    const nameText = possessive ? word.slice(0, word.length - possessive[0].length) : word;
    if (nameText.length < 2) return null;
    return { text: nameText, start, end: start + nameText.length, title: null, initial: isInitial(text, start) };
  }

  function names(text: string, from = 0, to = text.length): NameSpan[] {
    const out: NameSpan[] = [];
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    for (const match of slice.matchAll(nameRegex)) {
      const base = from + match.index;
      const whole = match[0];
      // Most matches are one word: decide those without splitting into Word objects.
      if (whole.indexOf(' ') < 0 && whole.indexOf('\t') < 0) {
        const single = singleWord(text, whole, base);
        if (single) out.push(single);
        continue;
      }
      const words: Word[] = [];
      for (const w of match[0].matchAll(WORD_IN_MATCH)) {
        const lower = w[0].toLowerCase();
        const connector = CONNECTOR_SET.has(w[0]);
        words.push({ w: w[0], lower, start: base + w.index, end: base + w.index + w[0].length, connector });
      }
      const initial = isInitial(text, base);
      const groups = splitAtJoiners(words);
      groups.forEach((group, i) => trim(group, initial && i === 0 && group[0] === words[0], text, out));
    }
    return out;
  }

  return { names, isKnownWord };
}
