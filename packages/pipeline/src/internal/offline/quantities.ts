import type { CategoriaDato, DatoCuantitativo } from '@noticias/contract';
import { datesIn, type DateFinder } from './dates.ts';
import type { Lexicon } from './lexicon.ts';
import type { NameMatcher } from './name-matcher.ts';
import { parseLocalNumber } from './numbers.ts';
import { ClauseReader } from './clause-words.ts';
import { createPlaceFinder } from './place-finder.ts';
import { findSpan, type Span } from './sentences.ts';
import type { TextAnalysis } from './text-analysis.ts';

// The lookahead lets the engine skip to a digit or a currency sign before trying the rest, so
// most positions of a long text cost one character test.
const NUMBER =
  /(?=[\dU$€£])(?:(?<cur>US\$|\$|€|£)[ \t]?)?(?<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?<pct>[ \t]?%|[ \t]+por[ \t]?ciento\b|[ \t]+percent\b|[ \t]+per[ \t]+cent\b)?/g;
const CHECK_EVERY = 256;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (items: Iterable<string>): string =>
  [...items]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/ /g, '[ \\t]+'))
    .join('|');

// A Map: some units are not identifiers, which would put a plain object in (slow) dictionary mode.
const UNIT_CATEGORY: ReadonlyMap<string, CategoriaDato> = new Map<string, CategoriaDato>([
  ['hectáreas', 'ambiental'],
  ['grados', 'ambiental'],
  ['km/h', 'ambiental'],
  ['hm³', 'ambiental'],
  ['toneladas', 'ambiental'],
  ['litros', 'ambiental'],
  ['votos', 'electoral'],
  ['escaños', 'electoral'],
  ['casos', 'sanitario'],
  ['pacientes', 'sanitario'],
  ['camas', 'sanitario'],
  ['muertos', 'conflicto'],
  ['heridos', 'conflicto'],
  ['víctimas', 'conflicto'],
  ['peatones', 'social'],
  ['viviendas', 'social'],
  ['empleos', 'económico'],
  ['trabajadores', 'económico'],
  ['empresas', 'económico'],
]);

export interface QuantityContext {
  /** The caller's text, for descriptions; the analysis is of its cleaned copy of equal length. */
  source: string;
  analysis: TextAnalysis;
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
    const { analysis, language, lexicon: lx } = ctx;
    const { text, sentences } = analysis;
    const out: DatoCuantitativo[] = [];
    const bySentence = new Map<number, SentenceFacts>();
    const allDates = analysis.dates(ctx.dates, ctx.publishedAt);
    const clauses = new ClauseReader(analysis, lx.months);
    const knownPlaces = ctx.knownPlaces ? createPlaceFinder(ctx.knownPlaces) : null;
    const pesos = lx.pesoByCountry.get((ctx.country ?? '').toLowerCase()) ?? 'pesos';
    let lastCurrency: { code: string; at: number } | null = null;
    let seen = 0;
    // A copy per call, so no lastIndex is shared; exec rather than matchAll saves an iterator
    // result per figure.
    const numbers = new RegExp(NUMBER);
    for (let m = numbers.exec(text); m !== null; m = numbers.exec(text)) {
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
      const sentenceIndex = findSpan(sentences, start);
      const sentence = sentences[sentenceIndex] ?? { start, end };
      const clause = analysis.clauseAround(start, end, sentence);
      const description = ctx.source.slice(clause.start, clause.end);
      const { trend, period } = clauses.readClause(clause.start, clause.end);
      const date =
        datesIn(allDates, clause.start, clause.end)[0] ??
        datesIn(allDates, sentence.start, sentence.end).find((d) => d.precision === 'año' || d.precision === 'mes');
      // What a sentence says is worked out once for all its figures. (Every figure is inside a
      // sentence: the splitter's sentences cover all but white space.)
      let facts = bySentence.get(sentenceIndex);
      if (!facts) {
        facts = {
          // Places phase 2 found are looked up in the sentence; without them, the names are scanned.
          places: knownPlaces
            ? knownPlaces(text, sentence.start, sentence.end)
            : [
                ...new Set(
                  ctx.names
                    .names(text, sentence.start, sentence.end)
                    .map((n) => n.text)
                    .filter((t) => lx.places.has(t)),
                ),
              ],
          category: null,
          budget: null,
          evacuation: null,
        };
        bySentence.set(sentenceIndex, facts);
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
          categoria: categorise(unit, currency, text, sentence, facts, clauses),
          tipo_periodo: period,
          tendencia: trend,
          variacion_porcentual: unit === '%' && trend ? (trend === 'alza' ? value : -value) : null,
          // A list of its own per figure: results are JSON trees, so nothing is shared between nodes.
          ambito_geografico: [...facts.places],
        },
      });
    }
    return out;
  }
  return { find };
}

/** What the figures of one sentence share, each part worked out when first needed. */
interface SentenceFacts {
  places: string[];
  category: CategoriaDato | null;
  budget: boolean | null;
  evacuation: boolean | null;
}

const BUDGET = /presupuest|partida|gasto|déficit|cuentas|budget/iu;
const EVACUATION = /desaloj|evacu|realoj/iu;

// By unit first, then by the words of the sentence.
function categorise(
  unit: string | null,
  currency: boolean,
  text: string,
  sentence: Span,
  facts: SentenceFacts,
  clauses: ClauseReader,
): CategoriaDato {
  const byUnit = unit ? UNIT_CATEGORY.get(unit) : undefined;
  if (currency) {
    facts.budget ??= BUDGET.test(text.slice(sentence.start, sentence.end));
    return facts.budget ? 'presupuestario' : 'económico';
  }
  if (byUnit) return byUnit;
  if (unit === 'personas') {
    facts.evacuation ??= EVACUATION.test(text.slice(sentence.start, sentence.end));
    return facts.evacuation ? 'social' : 'demográfico';
  }
  facts.category ??= clauses.sentenceCategory(sentence.start, sentence.end);
  return facts.category;
}
