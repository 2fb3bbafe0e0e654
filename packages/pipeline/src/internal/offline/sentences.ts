export interface Span {
  start: number;
  end: number;
}

// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS = new Set(
  'sr sra srta dr dra d dña lic ing prof pág núm art arts etc ej vol cap av avda c ee uu pp ss mr mrs ms st jr inc corp ltd co no vs approx gen gov sen rep'.split(
    ' ',
  ),
);

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
// Codes of «“"¿¡('‘—- : what may open a sentence besides a capital or a digit.
const isOpener = (c: number): boolean =>
  c === 0xab ||
  c === 0x201c ||
  c === 34 ||
  c === 0xbf ||
  c === 0xa1 ||
  c === 40 ||
  c === 39 ||
  c === 0x2018 ||
  c === 0x2014 ||
  c === 45;
// Codes of .!?…»”"')’ : what may follow a terminator before the space.
const isCloser = (c: number): boolean =>
  c === 46 ||
  c === 33 ||
  c === 63 ||
  c === 0x2026 ||
  c === 0xbb ||
  c === 0x201d ||
  c === 34 ||
  c === 39 ||
  c === 41 ||
  c === 0x2019;

function startsSentence(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || isOpener(c)) return true;
  if (c < 0xc0) return false;
  const ch = text[k]!;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

// A module-level helper, not a closure: tsx's keepNames renames a closure each time it is made.
function pushTrimmed(text: string, spans: Span[], start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) spans.push({ start: s, end: e });
}

// The only characters the splitter acts on. A regex skips the rest faster than a loop over every
// char code (about half the cost of the split); it is made per call, so no lastIndex is shared.
const MARKS = '[\\n«»“”".!?…]';

/**
 * Splits text into sentences in one left-to-right pass (cost linear in the text; Intl.Segmenter
 * is not, see the stack notes). A line break always ends a sentence; a dot, ! or ?
 * ends one when followed by space and a capital, a digit or an opening mark, unless it closes a
 * known abbreviation or an initial. Terminators inside an open quote do not split, so a quoted
 * passage stays with its attribution; quote state resets at each line break.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let start = 0;
  let inGuillemets = 0;
  let inCurly = 0;
  let inStraight = false;
  const marks = new RegExp(MARKS, 'g');
  while (marks.test(text)) {
    const i = marks.lastIndex - 1;
    const c = text.charCodeAt(i);
    switch (c) {
      case 10:
        pushTrimmed(text, spans, start, i);
        start = i + 1;
        inGuillemets = 0;
        inCurly = 0;
        inStraight = false;
        continue;
      case 0xab:
        inGuillemets++;
        continue;
      case 0xbb:
        if (inGuillemets > 0) inGuillemets--;
        continue;
      case 0x201c:
        inCurly++;
        continue;
      case 0x201d:
        if (inCurly > 0) inCurly--;
        continue;
      case 34:
        inStraight = !inStraight;
        continue;
      case 46:
      case 33:
      case 63:
      case 0x2026:
        break;
      default:
        continue;
    }
    if (inGuillemets > 0 || inCurly > 0 || inStraight) continue;
    // Take the whole run of terminators and closing marks: "...", ?!, .» and the like.
    let j = i + 1;
    while (j < n && isCloser(text.charCodeAt(j))) j++;
    if (j < n && !isSpace(text.charCodeAt(j))) continue;
    let k = j;
    while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (k < n && text.charCodeAt(k) !== 10 && !startsSentence(text, k)) continue;
    if (c === 46 && j === i + 1 && endsWithAbbreviation(text, i)) continue;
    pushTrimmed(text, spans, start, j);
    start = j;
    // The closing marks taken with the terminator are not read again.
    marks.lastIndex = j;
  }
  pushTrimmed(text, spans, start, n);
  return spans;
}

// Letters of the Latin scripts news is written in; enough to find the word before a dot.
const isLetter = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);

function endsWithAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && s > dot - 6 && isLetter(text.charCodeAt(s - 1))) s--;
  const word = text.slice(s, dot);
  if (word.length === 0) return false;
  // A single capital is an initial ("J. Smith"), unless it is a whole word like "A".
  if (word.length === 1 && word !== word.toLowerCase()) return true;
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
