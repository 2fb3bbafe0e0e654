import type { Span } from './sentences.ts';

const CLAUSE_REACH = 110;

// , ; : . ( ) \n « » “ ” " end a clause.
function isBreakCode(code: number): boolean {
  switch (code) {
    case 44:
    case 59:
    case 58:
    case 46:
    case 40:
    case 41:
    case 10:
    case 0xab:
    case 0xbb:
    case 0x201c:
    case 0x201d:
    case 34:
      return true;
    default:
      return false;
  }
}

// A comma or dot between digits is part of a number ("3,6%"), not a clause break.
function isBreak(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (!isBreakCode(code)) return false;
  if ((code === 44 || code === 46) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) return false;
  return true;
}

// , ; : . and a line break: what ends the clause before a bracketed figure.
const isPlainBreakCode = (code: number): boolean =>
  code === 44 || code === 59 || code === 58 || code === 46 || code === 10;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isSpaceCode = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * The clause that holds the figure, bounded by punctuation and by CLAUSE_REACH on each side. A
 * figure in brackets ("Educación (4,3%)") borrows the clause before the bracket.
 */
export function clauseAround(text: string, start: number, end: number, sentence: Span): Span {
  let s = start;
  const minS = Math.max(sentence.start, start - CLAUSE_REACH);
  while (s > minS && !isBreak(text, s - 1)) s--;
  if (text[s - 1] === '(') {
    s -= 1;
    while (s > minS && !(isPlainBreakCode(text.charCodeAt(s - 1)) && isBreak(text, s - 1))) s--;
  }
  // Cut at a word boundary when the reach, not punctuation, stopped the walk.
  if (s === minS && s > sentence.start) while (s < start && !isSpaceCode(text.charCodeAt(s - 1))) s++;
  let e = end;
  const maxE = Math.min(sentence.end, end + CLAUSE_REACH);
  while (e < maxE && !isBreak(text, e)) e++;
  if (e === maxE && e < sentence.end) while (e > end && !isSpaceCode(text.charCodeAt(e))) e--;
  if (text[e] === ')') e++;
  while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return { start: s, end: e };
}
