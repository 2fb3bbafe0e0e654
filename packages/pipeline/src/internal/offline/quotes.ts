import type { Span } from './sentences.ts';

export interface QuoteSpan {
  /** The quoted words, without the marks. */
  start: number;
  end: number;
}

const MAX_QUOTE_CHARS = 3000;
const MIN_WORDS = 3;
const QUOTE_MARK = /[«»“”"\n]/g;

/**
 * Pairs quotation marks in one pass over the marks alone: «» and “” nest, straight quotes toggle,
 * and a line break abandons anything still open. The outermost pair wins; short quotes (a single
 * term in scare quotes) are not quotations.
 */
export function findQuotes(text: string): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  let open: { char: string; at: number } | null = null;
  let depth = 0;
  for (const m of text.matchAll(QUOTE_MARK)) {
    const ch = m[0];
    const at = m.index;
    if (ch === '\n') {
      open = null;
      depth = 0;
      continue;
    }
    if (!open) {
      if (ch === '«' || ch === '“' || ch === '"') {
        open = { char: ch, at };
        depth = 1;
      }
      continue;
    }
    const closer = open.char === '«' ? '»' : open.char === '“' ? '”' : '"';
    if (ch === open.char && ch !== '"') {
      depth++;
    } else if (ch === closer) {
      depth--;
      if (depth === 0) {
        if (at - open.at <= MAX_QUOTE_CHARS) push(text, open.at + 1, at, out);
        open = null;
      }
    }
  }
  return out;
}

function push(text: string, start: number, end: number, out: QuoteSpan[]): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  let words = 0;
  for (let i = s, inWord = false; i < e; i++) {
    const space = text[i] === ' ' || text[i] === '\t';
    if (!space && !inWord) words++;
    inWord = !space;
  }
  if (words >= MIN_WORDS) out.push({ start: s, end: e });
}

// What /\s/ matches: ECMAScript white space (Zs and a few more) and line terminators.
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `text.split(/\s+/).length`, without the array: one more than the runs of white space. */
export function splitLength(text: string): number {
  let pieces = 1;
  for (let i = 0; i < text.length; i++) {
    if (!isJsSpace(text.charCodeAt(i))) continue;
    pieces++;
    while (i + 1 < text.length && isJsSpace(text.charCodeAt(i + 1))) i++;
  }
  return pieces;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Sentence containing `offset`, given sentences in order (binary search). */
export function sentenceAt(sentences: readonly Span[], offset: number): Span | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  let best: Span | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid]!;
    if (s.start <= offset) {
      best = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
