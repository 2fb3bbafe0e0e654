import { MONTH, WEEKDAY, type LexicalWord, type Lexicon } from './lexicon.ts';
import { MONTHS_EN } from './lexicon-words.ts';
import { buildWordTable, type WordTable } from './word-table.ts';
import { lowerCopy } from './word-scanner.ts';

export interface FoundDate {
  /** YYYY, YYYY-MM or YYYY-MM-DD; null when the year cannot be known. */
  iso: string | null;
  precision: 'dia' | 'mes' | 'año' | 'relativa';
  start: number;
  end: number;
}

export interface DateFinder {
  /**
   * Every date in the text, in order, in one pass; `reference` (ISO) resolves years and weekdays.
   * `words` is the text's word table, when the caller has it.
   */
  scan(text: string, reference: string | null, words?: WordTable<LexicalWord>): FoundDate[];
}

/** The dates of a scan that lie inside [from, to), found by binary search. */
export function datesIn(dates: readonly FoundDate[], from: number, to: number): FoundDate[] {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: FoundDate[] = [];
  for (let i = lo; i < dates.length && dates[i]!.end <= to; i++) out.push(dates[i]!);
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const YEAR = /^(?:19|20)\d{2}$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WINDOW = 20;
// Small patterns tried only next to a month, weekday or year word: one big date regex run over
// the whole text cost a third of the extractor's time.
const DAY_BEFORE = /(?:^|[^\d])(\d{1,2})(?:[ \t]+de)?[ \t]+$/;
const YEAR_AFTER = /^(?:[ \t]+(?:de|del|of))?,?[ \t]*((?:19|20)\d{2})(?!\d)/;
const DAY_AFTER = /^[ \t]+(\d{1,2})(?!\d)(?:,?[ \t]+((?:19|20)\d{2})(?!\d))?/;
const MONTH_PREP =
  /(?:^|[^\p{L}])(?:en|de|para|desde|hasta|in|by|since|until|of|durante|during)[ \t]+(?:(?:el|la|mes de)[ \t]+)?$/iu;
const YEAR_PREP =
  /(?:^|[^\p{L}])(?:en|para|de|del|desde|hasta|in|by|since|until|from|of|durante|during)[ \t]+(?:(?:el|año|the|year)[ \t]+)?$/iu;
const WEEKDAY_REL = /(?:^|[^\p{L}])(este|esta|el pasado|el próximo|la próxima|el|del|on|last|next|this)[ \t]+$/iu;

// What a distinct word can anchor: nothing, a month, a weekday or a year.
const NONE = 1;
const MONTH_WORD = 2;
const WEEKDAY_WORD = 3;
const YEAR_WORD = 4;

function anchorKind(form: string, lexical: LexicalWord | undefined): number {
  const flags = lexical?.flags ?? 0;
  if (flags & MONTH) return MONTH_WORD;
  if (flags & WEEKDAY) return WEEKDAY_WORD;
  // Years are four digits: check the first before the regex.
  return form.length === 4 && form.charCodeAt(0) <= 57 && YEAR.test(form) ? YEAR_WORD : NONE;
}

export function createDateFinder(lexicon: Lexicon): DateFinder {
  const englishMonths = new Set(MONTHS_EN.split(' '));
  const isWordEdge = (text: string, i: number): boolean => i < 0 || i >= text.length || !LETTER_OR_DIGIT.test(text[i]!);

  // Only month names, weekday names and years can anchor a date. They are whole words of the word
  // table (a month name inside a longer word never was a date), so finding them costs a lookup per
  // distinct word; one big date regex run over the whole text cost a third of the extractor's time,
  // and an alternation of the anchors still cost more than the rest of the scan.
  function scan(
    text: string,
    reference: string | null,
    words: WordTable<LexicalWord> = buildWordTable(text, lowerCopy(text), lexicon.dictionary),
  ): FoundDate[] {
    const lexical = words.known;
    const ref = reference ? new Date(reference) : null;
    const validRef = ref && !Number.isNaN(ref.getTime()) ? ref : null;
    const refYear = validRef ? validRef.getUTCFullYear() : null;
    const out: FoundDate[] = [];
    let consumed = 0;
    for (let k = 0; k < words.count; k++) {
      const id = words.ids[k]!;
      const kind = anchorKind(words.forms[id]!, lexical[id]);
      if (kind === NONE) continue;
      const start = words.starts[k]!;
      const end = words.ends[k]!;
      // Marks count as word characters for the table but not at the edges of an anchor.
      if (start < consumed || !isWordEdge(text, start - 1) || !isWordEdge(text, end)) continue;
      const word = text.slice(start, end);
      const lower = words.forms[id]!;
      if (kind === MONTH_WORD) {
        const month = lexicon.months.get(lower)!;
        // English month names are only months when capitalised ("may", "march" are verbs).
        if (englishMonths.has(lower) && word[0] === lower[0]) continue;
        const before = text.slice(Math.max(0, start - WINDOW), start);
        const after = text.slice(end, end + WINDOW);
        const dayBefore = DAY_BEFORE.exec(before);
        const dayAfter = dayBefore ? null : DAY_AFTER.exec(after);
        const yearAfter = dayAfter ? null : YEAR_AFTER.exec(after);
        if (dayBefore || dayAfter) {
          const day = Number(dayBefore ? dayBefore[1] : dayAfter![1]);
          const year = dayAfter?.[2] ? Number(dayAfter[2]) : yearAfter ? Number(yearAfter[1]) : refYear;
          const from = dayBefore
            ? start - before.length + dayBefore.index + dayBefore[0].indexOf(dayBefore[1]!)
            : start;
          const to = dayAfter ? end + dayAfter[0].length : yearAfter ? end + yearAfter[0].length : end;
          if (day >= 1 && day <= 31)
            out.push({
              iso: year ? `${year}-${pad(month)}-${pad(day)}` : null,
              precision: 'dia',
              start: from,
              end: to,
            });
          consumed = to;
        } else if (yearAfter) {
          out.push({ iso: `${yearAfter[1]}-${pad(month)}`, precision: 'mes', start, end: end + yearAfter[0].length });
          consumed = end + yearAfter[0].length;
        } else if (MONTH_PREP.test(before)) {
          out.push({ iso: refYear ? `${refYear}-${pad(month)}` : null, precision: 'mes', start, end });
        }
        continue;
      }
      if (kind === WEEKDAY_WORD) {
        const rel = WEEKDAY_REL.exec(text.slice(Math.max(0, start - WINDOW), start));
        if (rel)
          out.push({
            iso: resolveWeekday(validRef, lexicon.weekdays.get(lower)!, rel[1]!),
            precision: 'relativa',
            start,
            end,
          });
        continue;
      }
      if (YEAR_PREP.test(text.slice(Math.max(0, start - WINDOW), start)) && !/\d/.test(text[end] ?? '')) {
        out.push({ iso: word, precision: 'año', start, end });
      }
    }
    return out;
  }
  return { scan };
}

// "el próximo lunes" is the next one after the reference; any other weekday mention is the most
// recent one on or before it (news reports what happened "este martes").
function resolveWeekday(ref: Date | null, weekday: number, relation: string): string | null {
  if (!ref) return null;
  const day = ref.getUTCDay();
  const forward = /próxim|next/i.test(relation);
  const delta = forward ? (weekday - day + 7) % 7 || 7 : -((day - weekday + 7) % 7);
  const date = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate() + delta));
  return date.toISOString().slice(0, 10);
}
