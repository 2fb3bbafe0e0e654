import type { CategoriaDato, DatoCuantitativo } from '@noticias/contract';
import { datesIn, type DateFinder } from './dates.ts';
import type { Lexicon } from './lexicon.ts';
import type { NameMatcher } from './name-matcher.ts';
import { parseLocalNumber } from './numbers.ts';
import { readClause, sentenceCategory } from './clause-words.ts';
import { findSpan, type Span } from './sentences.ts';

// The lookahead lets the engine skip to a digit or a currency sign before trying the rest: it
// halved the cost of this scan.
const NUMBER =
  /(?=[\dU$€£])(?:(?<cur>US\$|\$|€|£)[ \t]?)?(?<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?<pct>[ \t]?%|[ \t]+por[ \t]?ciento\b|[ \t]+percent\b|[ \t]+per[ \t]+cent\b)?/g;
const CLAUSE_BREAKS = ',;:.()\n«»“”"';
const CLAUSE_REACH = 110;
const CHECK_EVERY = 256;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (items: Iterable<string>): string =>
  [...items].sort((a, b) => b.length - a.length).map((w) => escape(w).replace(/ /g, '[ \\t]+')).join('|');

const UNIT_CATEGORY: Readonly<Record<string, CategoriaDato>> = {
  hectáreas: 'ambiental', grados: 'ambiental', 'km/h': 'ambiental', 'hm³': 'ambiental', toneladas: 'ambiental', litros: 'ambiental',
  votos: 'electoral', escaños: 'electoral', casos: 'sanitario', pacientes: 'sanitario', camas: 'sanitario',
  muertos: 'conflicto', heridos: 'conflicto', víctimas: 'conflicto', peatones: 'social', viviendas: 'social',
  empleos: 'económico', trabajadores: 'económico', empresas: 'económico',
};

export interface QuantityContext {
  /** The caller's text, for descriptions; `text` is its cleaned copy of equal length. */
  source: string;
  text: string;
  sentences: readonly Span[];
  language: 'es' | 'en';
  country: string | null;
  publishedAt: string | null;
  lexicon: Lexicon;
  names: NameMatcher;
  dates: DateFinder;
  /** LUGAR entities of phase 2, when it ran. */
  knownPlaces: readonly string[] | null;
  signal?: AbortSignal | undefined;
}

export interface QuantityFinder {
  find(ctx: QuantityContext): DatoCuantitativo[];
}

/** Percentages, amounts of money with their scale, and counts with a unit, in one regex pass. */
export function createQuantityFinder(lexicon: Lexicon): QuantityFinder {
  const unitWords = new Map<string, { unit: string; currency: boolean }>();
  for (const [word, unit] of lexicon.units) unitWords.set(word, { unit, currency: false });
  for (const [word, code] of lexicon.currencies) unitWords.set(word, { unit: code, currency: true });
  const tail = new RegExp(
    String.raw`^(?:[ \t]*-[ \t]*|[ \t]+)?(?:(?<scale>${alternation(lexicon.scales.keys())})(?![\p{L}]))?(?:[ \t]+(?:de|of))?(?:[ \t]*(?<unit>${alternation(unitWords.keys())})(?![\p{L}\d]))?(?<perHour>[ \t]+(?:por|per)[ \t]+hora\b)?`,
    'iu',
  );

  function find(ctx: QuantityContext): DatoCuantitativo[] {
    const { text, language, lexicon: lx } = ctx;
    const out: DatoCuantitativo[] = [];
    const placesBySentence = new Map<number, string[]>();
    const categoryBySentence = new Map<number, CategoriaDato>();
    const allDates = ctx.dates.scan(text, ctx.publishedAt);
    const pesos = lx.pesoByCountry.get((ctx.country ?? '').toLowerCase()) ?? 'pesos';
    let lastCurrency: { code: string; at: number } | null = null;
    let seen = 0;
    for (const m of text.matchAll(NUMBER)) {
      if (++seen % CHECK_EVERY === 0) ctx.signal?.throwIfAborted();
      const g = m.groups!;
      const start = m.index;
      const prev = text[start - 1];
      if (prev && /[\p{L}\d_/]/u.test(prev)) continue;
      let end = m.index + m[0].length;
      let value = parseLocalNumber(g.num!, language);
      if (!Number.isFinite(value)) continue;
      let unit: string | null = null;
      let currency = false;
      if (g.pct) unit = '%';
      else {
        const t = tail.exec(text.slice(end, end + 48));
        const scale = t?.groups?.scale ? (lx.scales.get(t.groups.scale.toLowerCase().replace(/[ \t]+/g, ' ')) ?? 1) : 1;
        const word = t?.groups?.unit?.toLowerCase();
        const known = word ? unitWords.get(word) : undefined;
        if (g.cur) {
          unit = g.cur === '€' ? 'EUR' : g.cur === '£' ? 'GBP' : g.cur === 'US$' || pesos === 'pesos' ? 'USD' : pesos;
          currency = true;
        } else if (known) {
          unit = known.unit === 'pesos' ? pesos : known.unit;
          currency = known.currency;
        }
        if (known?.unit === 'km' && t?.groups?.perHour) unit = 'km/h';
        if (!unit && scale === 1) continue;
        if (!unit && lastCurrency && m.index - lastCurrency.at < 600) {
          unit = lastCurrency.code;
          currency = true;
        }
        if (t && (t.groups?.scale || known)) end += t[0].length;
        value *= scale;
      }
      if (currency && unit) lastCurrency = { code: unit, at: m.index };
      const sentenceIndex = findSpan(ctx.sentences, start);
      const sentence = ctx.sentences[sentenceIndex] ?? { start, end };
      const clause = clauseAround(text, start, end, sentence);
      const description = ctx.source.slice(clause.start, clause.end);
      const sentenceText = text.slice(sentence.start, sentence.end);
      const { trend, period } = readClause(text, clause.start, clause.end, lx.months);
      const date =
        datesIn(allDates, clause.start, clause.end)[0] ??
        datesIn(allDates, sentence.start, sentence.end).find((d) => d.precision === 'año' || d.precision === 'mes');
      let places = placesBySentence.get(sentenceIndex);
      if (!places) {
        // Places phase 2 found are looked up in the sentence; without them, the names are scanned.
        places = ctx.knownPlaces
          ? ctx.knownPlaces.filter((p) => sentenceText.includes(p))
          : [...new Set(ctx.names.names(text, sentence.start, sentence.end).map((n) => n.text).filter((t) => lx.places.has(t)))];
        placesBySentence.set(sentenceIndex, places);
      }
      out.push({
        id_dato_cuantitativo: out.length + 1,
        descripcion_dato: description,
        valor_dato: value,
        unidad_dato: unit,
        fecha_dato: date?.iso ?? null,
        offset_inicio_dato: start,
        offset_fin_dato: end,
        metadata_dato: {
          categoria: categorise(unit, currency, sentenceText, () => {
            let category = categoryBySentence.get(sentenceIndex);
            if (!category) {
              category = sentenceCategory(text, sentence.start, sentence.end);
              categoryBySentence.set(sentenceIndex, category);
            }
            return category;
          }),
          tipo_periodo: period,
          tendencia: trend,
          variacion_porcentual: unit === '%' && trend ? (trend === 'alza' ? value : -value) : null,
          ambito_geografico: places,
        },
      });
    }
    return out;
  }
  return { find };
}

// By unit first, then by the words of the sentence (computed once per sentence).
function categorise(unit: string | null, currency: boolean, sentence: string, bySentence: () => CategoriaDato): CategoriaDato {
  const byUnit = unit ? UNIT_CATEGORY[unit] : undefined;
  if (currency) return /presupuest|partida|gasto|déficit|cuentas|budget/iu.test(sentence) ? 'presupuestario' : 'económico';
  if (byUnit) return byUnit;
  if (unit === 'personas' && /desaloj|evacu|realoj/iu.test(sentence)) return 'social';
  if (unit === 'personas') return 'demográfico';
  return bySentence();
}

// A comma or dot between digits is part of a number ("3,6%"), not a clause break.
function isBreak(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  // Cheap reject first: most characters are letters or spaces.
  if ((code >= 65 && code <= 122) || code === 32) return false;
  if (!CLAUSE_BREAKS.includes(text[i]!)) return false;
  if ((code === 44 || code === 46) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) return false;
  return true;
}

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
    while (s > minS && !(/[,;:.\n]/.test(text[s - 1]!) && isBreak(text, s - 1))) s--;
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
