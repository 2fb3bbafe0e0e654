export interface Span {
  start: number;
  end: number;
}

// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS = new Set(
  'sr sra srta dr dra d dña lic ing prof pág núm art arts etc ej vol cap av avda c ee uu pp ss mr mrs ms st jr inc corp ltd co no vs approx gen gov sen rep'.split(' '),
);

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
const OPENERS = '«“"¿¡(\'‘—-';

/**
 * Splits text into sentences in one left-to-right pass (cost linear in the text; Intl.Segmenter
 * is not, see the stack notes). A line break always ends a sentence; a dot, ! or ? ends one when
 * followed by space and a capital or an opening quote, unless it closes a known abbreviation or an
 * initial. Terminators inside an open quote do not split, so a quoted passage stays with its
 * attribution; quote state resets at each line break.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let start = 0;
  let inGuillemets = 0;
  let inCurly = 0;
  let inStraight = false;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    switch (ch) {
      case '\n':
        push(i);
        start = i + 1;
        inGuillemets = 0;
        inCurly = 0;
        inStraight = false;
        continue;
      case '«':
        inGuillemets++;
        continue;
      case '»':
        if (inGuillemets > 0) inGuillemets--;
        continue;
      case '“':
        inCurly++;
        continue;
      case '”':
        if (inCurly > 0) inCurly--;
        continue;
      case '"':
        inStraight = !inStraight;
        continue;
      case '.':
      case '!':
      case '?':
      case '…':
        break;
      default:
        continue;
    }
    if (inGuillemets > 0 || inCurly > 0 || inStraight) continue;
    // Take the whole run of terminators and closing marks: "...", ?!, .» and the like.
    let j = i + 1;
    while (j < n && '.!?…»”"\')’'.includes(text[j]!)) j++;
    if (j < n && !isSpace(text.charCodeAt(j))) continue;
    let k = j;
    while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
    if (k < n && text[k] !== '\n') {
      const next = text[k]!;
      if (!isUpper(next) && !OPENERS.includes(next) && !(next >= '0' && next <= '9')) continue;
    }
    if (ch === '.' && j === i + 1 && endsWithAbbreviation(text, i)) continue;
    push(j);
    start = j;
    i = j - 1;
  }
  push(n);
  return spans;
}

// Letters of the Latin scripts news is written in; enough to find the word before a dot.
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);

function endsWithAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && s > dot - 6 && isLetter(text.charCodeAt(s - 1))) s--;
  const word = text.slice(s, dot);
  if (word.length === 0) return false;
  // A single capital is an initial ("J. Smith"), unless it is a whole word like "A".
  if (word.length === 1 && isUpper(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Index of the span containing `offset` (spans sorted, non-overlapping), or -1. */
export function findSpan(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid]!;
    if (offset < span.start) hi = mid - 1;
    else if (offset >= span.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
