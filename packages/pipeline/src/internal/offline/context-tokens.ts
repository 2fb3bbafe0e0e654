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
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0) {
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

// Letters only (digits are not part of a cue word); non-Latin letters count as letters too.
function isLetterCode(c: number): boolean {
  return isWordCode(c) && !(c >= 48 && c <= 57);
}

/** Index of a title ending at tokens[i] (one word, or two: "chief executive"), as [start index, title]. */
export function titleEndingAt(toks: readonly Token[], i: number, titles: ReadonlySet<string>): [number, string] | null {
  const t = toks[i];
  if (!t?.word) return null;
  const prev = toks[i - 1];
  if (prev?.word && titles.has(`${prev.lower} ${t.lower}`)) return [i - 1, `${prev.text} ${t.text}`];
  return titles.has(t.lower) ? [i, t.text] : null;
}

/** A title starting at tokens[i], as [end index, title]. */
export function titleStartingAt(toks: readonly Token[], i: number, titles: ReadonlySet<string>): [number, string] | null {
  const t = toks[i];
  if (!t?.word) return null;
  const next = toks[i + 1];
  if (next?.word && titles.has(`${t.lower} ${next.lower}`)) return [i + 1, `${t.text} ${next.text}`];
  return titles.has(t.lower) ? [i, t.text] : null;
}
