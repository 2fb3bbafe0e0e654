import { isWordCode } from './word-scanner.ts';

/** A word or a single punctuation mark of a short context window. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
}

/** Tokens of a window of at most a hundred characters (the cue checks look at a few of them). */
export function tokens(window: string): Token[] {
  const out: Token[] = [];
  const n = window.length;
  let i = 0;
  while (i < n) {
    const c = window.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isLetterCode(c)) {
      while (i < n && isLetterCode(window.charCodeAt(i))) i++;
      const text = window.slice(start, i);
      out.push({ text, lower: text.toLowerCase(), start, end: i, word: true });
    } else {
      i++;
      const text = window[start]!;
      out.push({ text, lower: text, start, end: i, word: false });
    }
  }
  return out;
}

/** Marks that end a clause for the cue checks. */
export const CLAUSE_MARKS: ReadonlySet<string> = new Set([',', '.', ';', ':', '(', ')', '«', '»', '"', '“', '”']);

const isSpaceCode = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;

/**
 * The tokens at the end of the window text[from, to) that the checks before a name read: the last
 * clause (back to the clause mark before it, not counting a final comma) and at least the last
 * four tokens. The same tokens `tokens(text.slice(from, to))` gives for that stretch (offsets
 * from `from`), found walking back from the end, so a name deep in a long sentence does not pay
 * for tokenising the whole window.
 */
export function tailTokens(text: string, from: number, to: number): Token[] {
  const reversed: Token[] = [];
  let i = to;
  let last = 0;
  let markFound = false;
  while (i > from) {
    const c = text.charCodeAt(i - 1);
    if (isSpaceCode(c)) {
      i--;
      continue;
    }
    const end = i;
    let token: Token;
    if (isLetterCode(c)) {
      while (i > from && isLetterCode(text.charCodeAt(i - 1))) i--;
      const word = text.slice(i, end);
      token = { text: word, lower: word.toLowerCase(), start: i - from, end: end - from, word: true };
    } else {
      i--;
      const mark = text[i]!;
      token = { text: mark, lower: mark, start: i - from, end: end - from, word: false };
    }
    reversed.push(token);
    const index = reversed.length - 1;
    if (index === 0 && token.text === ',') last = 1;
    if (index > last && !token.word && CLAUSE_MARKS.has(token.text)) markFound = true;
    if (markFound && reversed.length >= 4) break;
  }
  return reversed.reverse();
}

// Letters only (digits are not part of a cue word); non-Latin letters count as letters too.
function isLetterCode(c: number): boolean {
  return isWordCode(c) && !(c >= 48 && c <= 57);
}

/**
 * Index of a title ending at tokens[i] (one word, or two: "chief executive"), as [start index,
 * title]. `pairStarts` holds the first words of two-word titles, so the pair is only spelled out
 * when it could be one.
 */
export function titleEndingAt(
  toks: readonly Token[],
  i: number,
  titles: ReadonlySet<string>,
  pairStarts: ReadonlySet<string>,
): [number, string] | null {
  const t = toks[i];
  if (!t?.word) return null;
  const prev = toks[i - 1];
  if (prev?.word && pairStarts.has(prev.lower) && titles.has(`${prev.lower} ${t.lower}`))
    return [i - 1, `${prev.text} ${t.text}`];
  return titles.has(t.lower) ? [i, t.text] : null;
}

/** A title starting at tokens[i], as [end index, title]. */
export function titleStartingAt(
  toks: readonly Token[],
  i: number,
  titles: ReadonlySet<string>,
  pairStarts: ReadonlySet<string>,
): [number, string] | null {
  const t = toks[i];
  if (!t?.word) return null;
  const next = toks[i + 1];
  if (next?.word && pairStarts.has(t.lower) && titles.has(`${t.lower} ${next.lower}`))
    return [i + 1, `${t.text} ${next.text}`];
  return titles.has(t.lower) ? [i, t.text] : null;
}
