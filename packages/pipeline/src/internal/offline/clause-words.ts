import type { CategoriaDato } from '@noticias/contract';
import { forEachWord } from './word-scanner.ts';

export type Trend = 'alza' | 'baja';
export interface ClauseReading {
  trend: Trend | null;
  period: string | null;
}

// Word stems that say a figure went up or down, and words or word pairs that name its period.
// One word pass with map lookups replaced two regexes of alternations that dominated the cost
// of every figure.
const TREND_STEMS: readonly (readonly [string, Trend])[] = [
  ['sub', 'alza'], ['aument', 'alza'], ['crec', 'alza'], ['creci', 'alza'], ['más', 'alza'], ['alza', 'alza'], ['increment', 'alza'], ['rebot', 'alza'],
  ['rose', 'alza'], ['rise', 'alza'], ['up', 'alza'], ['increase', 'alza'], ['grew', 'alza'], ['gain', 'alza'], ['higher', 'alza'],
  ['baj', 'baja'], ['caí', 'baja'], ['cay', 'baja'], ['menos', 'baja'], ['descen', 'baja'], ['reduc', 'baja'], ['redujo', 'baja'], ['disminu', 'baja'],
  ['fell', 'baja'], ['fall', 'baja'], ['down', 'baja'], ['decrease', 'baja'], ['declin', 'baja'], ['lower', 'baja'], ['drop', 'baja'],
];
const PERIOD_STEMS: readonly (readonly [string, string])[] = [
  ['interanual', 'interanual'], ['acumulad', 'acumulado'], ['trimestr', 'trimestral'], ['quarter', 'trimestral'],
  ['mensual', 'mensual'], ['monthly', 'mensual'], ['anual', 'anual'], ['annual', 'anual'], ['diari', 'diario'], ['daily', 'diario'],
];
const PERIOD_PAIRS: ReadonlyMap<string, string> = new Map([
  ['al mes', 'mensual'], ['per month', 'mensual'], ['al año', 'anual'], ['por año', 'anual'], ['per year', 'anual'], ['a year', 'anual'],
  ['al día', 'diario'], ['por día', 'diario'], ['per day', 'diario'], ['year-on', 'interanual'], ['va del', 'acumulado'], ['to date', 'acumulado'],
]);
const EXACT_TRENDS: ReadonlyMap<string, Trend> = new Map([
  ['up', 'alza'],
  ['más', 'alza'],
  ['menos', 'baja'],
  ['down', 'baja'],
]);
const PAIR_STARTS = new Set([...PERIOD_PAIRS.keys()].map((k) => k.split(' ')[0]!));

/** Stems indexed by their first three letters, so a word costs one map lookup. */
function index<T>(stems: readonly (readonly [string, T])[]): ReadonlyMap<string, (readonly [string, T])[]> {
  const map = new Map<string, (readonly [string, T])[]>();
  for (const entry of stems) {
    if (EXACT_TRENDS.has(entry[0])) continue;
    const key = entry[0].slice(0, 3);
    map.set(key, [...(map.get(key) ?? []), entry]);
  }
  return map;
}
const TREND_INDEX = index(TREND_STEMS);
const PERIOD_INDEX = index(PERIOD_STEMS);

function byStem<T>(stems: ReadonlyMap<string, (readonly [string, T])[]>, word: string): T | null {
  const candidates = stems.get(word.slice(0, 3));
  if (!candidates) return null;
  for (const [stem, value] of candidates) if (word.startsWith(stem)) return value;
  return null;
}

/** The trend and period a clause states (the first cue of each wins). */
export function readClause(text: string, start: number, end: number, months: ReadonlyMap<string, number>): ClauseReading {
  let trend: Trend | null = null;
  let period: string | null = null;
  let previous = '';
  // Lower-case the clause once rather than word by word.
  const clause = text.slice(start, end).toLowerCase();
  forEachWord(
    clause,
    (s, e) => {
      if (trend && period) return;
      const word = clause.slice(s, e);
      if (!trend) trend = EXACT_TRENDS.get(word) ?? byStem(TREND_INDEX, word);
      if (!period) {
        period =
          byStem(PERIOD_INDEX, word) ??
          (PAIR_STARTS.has(previous) ? (PERIOD_PAIRS.get(`${previous} ${word}`) ?? null) : null) ??
          (previous === 'en' && months.has(word) ? 'mensual' : null);
      }
      previous = word;
    },
  );
  return { trend, period };
}

// Category cues as word stems, in priority order (a budget figure is also economic: budget wins).
const CATEGORY_STEMS: readonly (readonly [CategoriaDato, string])[] = [
  ['presupuestario', 'presupuest partida déficit deficit budget'],
  ['electoral', 'vot elecci escaño encuesta sondeo election ballot poll'],
  ['sanitario', 'hospital sanitari pacientes casos contagi vacun enfermedad salud health patients'],
  ['conflicto', 'ataque bombarde guerra conflicto militar combat tiroteo attack war'],
  ['económico', 'inflaci precio pib crecimiento econom reservas inversi acciones salari empleo paro desempleo export import mercado tasa interés dólares euros gdp prices shares investment growth'],
  ['ambiental', 'embalse agua lluvia incendi hectárea temperatura grados emisiones forestal sequía clima water drought emissions'],
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
const CATEGORY_INDEX = index(CATEGORY_STEMS.flatMap(([category, stems]) => stems.split(' ').map((stem) => [stem, category] as const)));
const PRIORITY = new Map(CATEGORY_STEMS.map(([category], i) => [category, i]));

/** The category a sentence's words point to; the highest-priority cue wins. */
export function sentenceCategory(text: string, start: number, end: number): CategoriaDato {
  let best: CategoriaDato | null = null;
  let previous = '';
  const sentence = text.slice(start, end).toLowerCase();
  forEachWord(
    sentence,
    (s, e) => {
      if (best === 'presupuestario') return;
      const word = sentence.slice(s, e);
      const found = (CATEGORY_PAIR_STARTS.has(previous) ? CATEGORY_PAIRS.get(`${previous} ${word}`) : undefined) ?? (e - s >= 3 ? byStem(CATEGORY_INDEX, word) : null);
      if (found && (best === null || PRIORITY.get(found)! < PRIORITY.get(best)!)) best = found;
      previous = word;
    },
  );
  return best ?? 'otro';
}
