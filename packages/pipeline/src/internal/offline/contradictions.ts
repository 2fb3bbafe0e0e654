import type { DatoCuantitativo, Hecho, Relaciones } from '@noticias/contract';
import { foldText } from './fold-text.ts';
import { MONTH, STOP_EN, STOP_ES, type LexicalWord, type Lexicon } from './lexicon.ts';
import { findSpan, type Span } from './sentences.ts';
import type { TextAnalysis } from './text-analysis.ts';
import { formWithin } from './word-table.ts';

/**
 * One indicator (the words just before a figure, and its unit) stated with two different values
 * in two different facts.
 */
export function contradictions(
  analysis: TextAnalysis,
  facts: readonly Hecho[],
  data: readonly DatoCuantitativo[],
  lexicon: Lexicon,
): Relaciones['contradicciones'] {
  const spans: Span[] = facts.map((f) => ({ start: f.offset_inicio_hecho, end: f.offset_fin_hecho }));
  const first = new Map<string, { value: number; fact: number }>();
  const out: Relaciones['contradicciones'] = [];
  const seen = new Set<string>();
  for (const dato of data) {
    const factIndex = findSpan(spans, dato.offset_inicio_dato);
    const fact = facts[factIndex];
    if (!fact) continue;
    const key = indicatorKey(analysis, lexicon, dato, spans[factIndex]!);
    if (!key) continue;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, { value: dato.valor_dato, fact: fact.id_hecho });
      continue;
    }
    if (earlier.fact === fact.id_hecho || earlier.value === dato.valor_dato) continue;
    const pair = `${earlier.fact}-${fact.id_hecho}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const diff =
      Math.abs(earlier.value - dato.valor_dato) / Math.max(Math.abs(earlier.value), Math.abs(dato.valor_dato));
    out.push({
      hecho_principal_id: earlier.fact,
      hecho_contradictorio_id: fact.id_hecho,
      tipo_contradiccion: 'valor_numerico',
      grado_contradiccion: Math.min(5, Math.max(1, Math.ceil(diff * 5))),
    });
  }
  return out;
}

const NOT_INDICATOR = STOP_ES | STOP_EN | MONTH;
const isIndicatorWord = (lexical: LexicalWord | undefined): boolean => ((lexical?.flags ?? 0) & NOT_INDICATOR) === 0;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The unit and the last two meaningful words before the figure in its clause, read from the
 * word table (a word the clause's start cuts is read as the part inside, as a word pass over the
 * clause would).
 */
function indicatorKey(analysis: TextAnalysis, lexicon: Lexicon, dato: DatoCuantitativo, fact: Span): string | null {
  const { text, lower, words, lexical } = analysis;
  const { starts, ends, ids } = words;
  const from = analysis.clauseAround(dato.offset_inicio_dato, dato.offset_fin_dato, fact).start;
  const to = dato.offset_inicio_dato;
  let last: string | null = null;
  let beforeLast: string | null = null;
  for (let k = words.firstEndingAfter(from); k < words.count && starts[k]! < to; k++) {
    const start = Math.max(starts[k]!, from);
    const end = Math.min(ends[k]!, to);
    if (end - start < 4 || isDigitCode(text.charCodeAt(start))) continue;
    const whole = start === starts[k] && end === ends[k];
    const word = formWithin(words, k, from, to, text, lower);
    if (!isIndicatorWord(whole ? lexical[ids[k]!] : lexicon.words.get(word))) continue;
    beforeLast = last;
    last = word;
  }
  if (beforeLast === null || last === null) return null;
  return `${dato.unidad_dato ?? ''}|${foldText(`${beforeLast} ${last}`)}`;
}
