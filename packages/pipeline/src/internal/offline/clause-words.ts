import type { CategoriaDato } from '@noticias/contract';
import { PrefixIndex } from './prefix-index.ts';
import type { TextAnalysis } from './text-analysis.ts';
import { formWithin } from './word-table.ts';

export type Trend = 'alza' | 'baja';
export interface ClauseReading {
  trend: Trend | null;
  period: string | null;
}

// Word stems that say a figure went up or down, and words or word pairs that name its period.
// One word pass with map lookups rather than regexes of long alternations, which would dominate
// the cost of every figure.
const TREND_STEMS: readonly (readonly [string, Trend])[] = [
  ['sub', 'alza'],
  ['aument', 'alza'],
  ['crec', 'alza'],
  ['creci', 'alza'],
  ['más', 'alza'],
  ['alza', 'alza'],
  ['increment', 'alza'],
  ['rebot', 'alza'],
  ['rose', 'alza'],
  ['rise', 'alza'],
  ['up', 'alza'],
  ['increase', 'alza'],
  ['grew', 'alza'],
  ['gain', 'alza'],
  ['higher', 'alza'],
  ['baj', 'baja'],
  ['caí', 'baja'],
  ['cay', 'baja'],
  ['menos', 'baja'],
  ['descen', 'baja'],
  ['reduc', 'baja'],
  ['redujo', 'baja'],
  ['disminu', 'baja'],
  ['fell', 'baja'],
  ['fall', 'baja'],
  ['down', 'baja'],
  ['decrease', 'baja'],
  ['declin', 'baja'],
  ['lower', 'baja'],
  ['drop', 'baja'],
];
const PERIOD_STEMS: readonly (readonly [string, string])[] = [
  ['interanual', 'interanual'],
  ['acumulad', 'acumulado'],
  ['trimestr', 'trimestral'],
  ['quarter', 'trimestral'],
  ['mensual', 'mensual'],
  ['monthly', 'mensual'],
  ['anual', 'anual'],
  ['annual', 'anual'],
  ['diari', 'diario'],
  ['daily', 'diario'],
];
const PERIOD_PAIRS: ReadonlyMap<string, string> = new Map([
  ['al mes', 'mensual'],
  ['per month', 'mensual'],
  ['al año', 'anual'],
  ['por año', 'anual'],
  ['per year', 'anual'],
  ['a year', 'anual'],
  ['al día', 'diario'],
  ['por día', 'diario'],
  ['per day', 'diario'],
  ['year-on', 'interanual'],
  ['va del', 'acumulado'],
  ['to date', 'acumulado'],
]);
const EXACT_TRENDS: ReadonlyMap<string, Trend> = new Map([
  ['up', 'alza'],
  ['más', 'alza'],
  ['menos', 'baja'],
  ['down', 'baja'],
]);
const PAIR_STARTS = new Set([...PERIOD_PAIRS.keys()].map((k) => k.split(' ')[0]!));

/** Stems indexed by their first three letters, so a word costs one lookup. */
const index = <T>(stems: readonly (readonly [string, T])[]): PrefixIndex<T> =>
  new PrefixIndex(
    3,
    stems.filter(([stem]) => !EXACT_TRENDS.has(stem)),
  );
const TREND_INDEX = index(TREND_STEMS);
const PERIOD_INDEX = index(PERIOD_STEMS);

// Category cues as word stems, in priority order (a budget figure is also economic: budget wins).
const CATEGORY_STEMS: readonly (readonly [CategoriaDato, string])[] = [
  ['presupuestario', 'presupuest partida déficit deficit budget'],
  ['electoral', 'vot elecci escaño encuesta sondeo election ballot poll'],
  ['sanitario', 'hospital sanitari pacientes casos contagi vacun enfermedad salud health patients'],
  ['conflicto', 'ataque bombarde guerra conflicto militar combat tiroteo attack war'],
  [
    'económico',
    'inflaci precio pib crecimiento econom reservas inversi acciones salari empleo paro desempleo export import mercado tasa interés dólares euros gdp prices shares investment growth',
  ],
  [
    'ambiental',
    'embalse agua lluvia incendi hectárea temperatura grados emisiones forestal sequía clima water drought emissions',
  ],
  ['demográfico', 'poblaci habitantes natalidad nacimientos censo migra population'],
  ['social', 'vivienda peat educaci pensi pobreza alquiler desaloj social transporte movilidad'],
];
const CATEGORY_PAIRS: ReadonlyMap<string, CategoriaDato> = new Map([
  ['gasto público', 'presupuestario'],
  ['gasto no', 'presupuestario'],
  ['deuda pública', 'presupuestario'],
  ['cuentas públicas', 'presupuestario'],
]);
const CATEGORY_PAIR_STARTS = new Set([...CATEGORY_PAIRS.keys()].map((k) => k.split(' ')[0]!));
const CATEGORY_INDEX = index(
  CATEGORY_STEMS.flatMap(([category, stems]) => stems.split(' ').map((stem) => [stem, category] as const)),
);
const PRIORITY = new Map(CATEGORY_STEMS.map(([category], i) => [category, i]));

const trendOf = (word: string): Trend | null => EXACT_TRENDS.get(word) ?? TREND_INDEX.find(word);
const periodOf = (word: string): string | null => PERIOD_INDEX.find(word);
const categoryOf = (word: string): CategoriaDato | null => (word.length >= 3 ? CATEGORY_INDEX.find(word) : null);

// A cue of each distinct word, kept as a small code: 0 not looked up yet, 1 none, 2 + the cue's
// index in its list of values.
const TRENDS: readonly Trend[] = ['alza', 'baja'];
const PERIODS: readonly string[] = [...new Set(PERIOD_STEMS.map(([, period]) => period))];
const CATEGORIES: readonly CategoriaDato[] = CATEGORY_STEMS.map(([category]) => category);
const UNKNOWN = 0;
// What a word may start: a period pair ("al mes"), a category pair ("gasto público"), or "en" + month.
const KNOWN = 1;
const PERIOD_PAIR = 2;
const CATEGORY_PAIR = 4;
const EN = 8;
const pairFlags = (word: string): number =>
  KNOWN |
  (PAIR_STARTS.has(word) ? PERIOD_PAIR : 0) |
  (CATEGORY_PAIR_STARTS.has(word) ? CATEGORY_PAIR : 0) |
  (word === 'en' ? EN : 0);
const encode = <T>(values: readonly T[], value: T | null): number => (value === null ? 1 : 2 + values.indexOf(value));

/**
 * Reads clauses and sentences of one text through its word table. What a word says (a trend, a
 * period, a category) is looked up once per distinct word and kept for the rest of the text;
 * a word that a clause's edge cuts is read as the piece inside, as a pass over the clause would.
 */
export class ClauseReader {
  readonly #analysis: TextAnalysis;
  readonly #months: ReadonlyMap<string, number>;
  // Trend, period and category codes and pair flags of each distinct word, in one buffer made on
  // first use.
  #codes: Uint8Array | null = null;

  constructor(analysis: TextAnalysis, months: ReadonlyMap<string, number>) {
    this.#analysis = analysis;
    this.#months = months;
  }

  #codeBuffer(): Uint8Array {
    this.#codes ??= new Uint8Array(4 * this.#analysis.words.forms.length);
    return this.#codes;
  }

  // The pair flags of word k as the pass over text[start, end) sees it.
  #pairFlags(k: number, whole: boolean, word: string): number {
    if (!whole) return pairFlags(word);
    const codes = this.#codeBuffer();
    const at = 3 * this.#analysis.words.forms.length + this.#analysis.words.ids[k]!;
    if (codes[at] === UNKNOWN) codes[at] = pairFlags(word);
    return codes[at]!;
  }

  /** The trend and period a clause states (the first cue of each wins). */
  readClause(start: number, end: number): ClauseReading {
    const { text, lower, words } = this.#analysis;
    const { starts, ends, ids } = words;
    const codes = this.#codeBuffer();
    const distinct = words.forms.length;
    let trend: Trend | null = null;
    let period: string | null = null;
    let previous = '';
    let previousFlags = 0;
    for (let k = words.firstEndingAfter(start); k < words.count && starts[k]! < end && !(trend && period); k++) {
      const whole = starts[k]! >= start && ends[k]! <= end;
      const id = ids[k]!;
      const word = formWithin(words, k, start, end, text, lower);
      if (!trend) {
        if (!whole) trend = trendOf(word);
        else {
          if (codes[id] === UNKNOWN) codes[id] = encode(TRENDS, trendOf(word));
          trend = codes[id]! > 1 ? TRENDS[codes[id]! - 2]! : null;
        }
      }
      if (!period) {
        let stem: string | null;
        if (!whole) stem = periodOf(word);
        else {
          const at = distinct + id;
          if (codes[at] === UNKNOWN) codes[at] = encode(PERIODS, periodOf(word));
          stem = codes[at]! > 1 ? PERIODS[codes[at]! - 2]! : null;
        }
        period =
          stem ??
          (previousFlags & PERIOD_PAIR ? (PERIOD_PAIRS.get(`${previous} ${word}`) ?? null) : null) ??
          (previousFlags & EN && this.#months.has(word) ? 'mensual' : null);
      }
      previous = word;
      previousFlags = this.#pairFlags(k, whole, word);
    }
    return { trend, period };
  }

  /** The category a sentence's words point to; the highest-priority cue wins. */
  sentenceCategory(start: number, end: number): CategoriaDato {
    const { text, lower, words } = this.#analysis;
    const { starts, ends, ids } = words;
    const codes = this.#codeBuffer();
    const base = 2 * words.forms.length;
    let best: CategoriaDato | null = null;
    let previous = '';
    let previousFlags = 0;
    for (let k = words.firstEndingAfter(start); k < words.count && starts[k]! < end && best !== 'presupuestario'; k++) {
      const whole = starts[k]! >= start && ends[k]! <= end;
      const id = ids[k]!;
      const word = formWithin(words, k, start, end, text, lower);
      let found = previousFlags & CATEGORY_PAIR ? CATEGORY_PAIRS.get(`${previous} ${word}`) : undefined;
      if (found === undefined) {
        if (!whole) found = categoryOf(word) ?? undefined;
        else {
          const at = base + id;
          if (codes[at] === UNKNOWN) codes[at] = encode(CATEGORIES, categoryOf(word));
          found = codes[at]! > 1 ? CATEGORIES[codes[at]! - 2] : undefined;
        }
      }
      if (found && (best === null || PRIORITY.get(found)! < PRIORITY.get(best)!)) best = found;
      previous = word;
      previousFlags = this.#pairFlags(k, whole, word);
    }
    return best ?? 'otro';
  }
}
