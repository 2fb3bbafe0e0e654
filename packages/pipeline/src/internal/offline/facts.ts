import type { Hecho, TipoHecho } from '@noticias/contract';
import { datesIn, type DateFinder } from './dates.ts';
import type { EntityCandidate } from './entities.ts';
import { FUTURE_MARKER } from './lexicon.ts';
import type { TextAnalysis } from './text-analysis.ts';

const QUOTE = /[«“"]/;
const CHECK_EVERY = 256;
const MIN_FACT_CHARS = 25;
const RANGE = /^\s*(?:al|a|hasta|y el|-|–|to|until|through)\s*$/iu;

export interface FactContext {
  analysis: TextAnalysis;
  /** The caller's text (the analysis is of its cleaned copy, of equal length): facts quote it. */
  source: string;
  entitiesPerSentence: readonly number[][];
  entities: readonly EntityCandidate[];
  dates: DateFinder;
  publishedAt: string | null;
  legalText: boolean;
  signal?: AbortSignal | undefined;
}

interface SentenceSignals {
  tipo: TipoHecho | null;
  /** A verb in the future tense. */
  future: boolean;
  /** A marker such as "previsto" or "next" before any verb in the past or present. */
  futureMarker: boolean;
  verbs: number;
}

/**
 * One word pass over the whole text marks the sentences that carry an event verb; those become
 * facts, with their dates, places and the entities they mention.
 */
export function extractFacts(ctx: FactContext): Hecho[] {
  const { analysis } = ctx;
  const { text, sentences, words } = analysis;
  const signals: SentenceSignals[] = sentences.map(() => ({
    tipo: null,
    future: false,
    futureMarker: false,
    verbs: 0,
  }));
  const lexical = analysis.lexical;
  const { starts, ends, ids } = words;
  let s = 0;
  for (let k = 0; k < words.count; k++) {
    const start = starts[k]!;
    const length = ends[k]! - start;
    // Verbs and markers are 2 to 14 letters long; skip the lookup for anything else.
    if (length < 2 || length > 14) continue;
    while (s < sentences.length - 1 && sentences[s]!.end <= start) s++;
    const entry = lexical[ids[k]!];
    if (entry === undefined) continue;
    const sig = signals[s]!;
    const verb = entry.verb;
    if (verb) {
      sig.verbs++;
      if (!sig.tipo || rank(verb.tipo) > rank(sig.tipo)) sig.tipo = verb.tipo;
      if (verb.future) sig.future = true;
    } else if (sig.verbs === 0 && entry.flags & FUTURE_MARKER) sig.futureMarker = true;
  }

  const byId = new Map(ctx.entities.map((e) => [e.id, e]));
  const allDates = analysis.dates(ctx.dates, ctx.publishedAt);
  const facts: Hecho[] = [];
  sentences.forEach((span, i) => {
    if (i % CHECK_EVERY === 0) ctx.signal?.throwIfAborted();
    const sig = signals[i]!;
    if (sig.verbs === 0 || span.end - span.start < MIN_FACT_CHARS) return;
    const dates = datesIn(allDates, span.start, span.end);
    const linked = ctx.entitiesPerSentence[i] ?? [];
    const places = { pais: [] as string[], region: [] as string[], ciudad: [] as string[] };
    for (const id of linked) {
      const e = byId.get(id);
      if (e?.type === 'LUGAR') {
        const list = places[e.placeKind ?? 'ciudad'];
        if (!list.includes(e.text)) list.push(e.text);
      }
    }
    let tipo: TipoHecho = sig.tipo ?? 'SUCESO';
    if (ctx.legalText) tipo = 'NORMATIVA';
    else if (tipo === 'DECLARACION') {
      const sentence = text.slice(span.start, span.end);
      if (!QUOTE.test(sentence) && !/\bque\b|\bthat\b/.test(sentence)) tipo = 'SUCESO';
    }
    const first = dates[0];
    const second = dates[1];
    const ranged = first && second && second.start - first.end < 12 && RANGE.test(text.slice(first.end, second.start));
    const last = ranged ? second : undefined;
    // A date after publication only makes the fact future when no verb says it already happened.
    const later =
      first?.iso && ctx.publishedAt && sig.verbs === 0 ? first.iso > ctx.publishedAt.slice(0, first.iso.length) : false;
    const confidence = 0.55 + (dates.length ? 0.15 : 0) + (linked.length ? 0.15 : 0) + (sig.verbs > 1 ? 0.05 : 0);
    facts.push({
      id_hecho: facts.length + 1,
      texto_original_del_hecho: ctx.source.slice(span.start, span.end),
      confianza_extraccion: Math.round(Math.min(0.95, confidence) * 100) / 100,
      offset_inicio_hecho: span.start,
      offset_fin_hecho: span.end,
      metadata_hecho: {
        tipo_hecho: tipo,
        precision_temporal: first ? first.precision : 'sin_fecha',
        fecha: { inicio: first?.iso ?? null, fin: last?.iso ?? null },
        pais: places.pais,
        region: places.region,
        ciudad: places.ciudad,
        es_futuro: sig.future || sig.futureMarker || later,
      },
      vinculado_a_entidades: [...linked],
    });
  });
  return facts;
}

// A sentence with several verbs takes the most telling type.
function rank(tipo: TipoHecho): number {
  switch (tipo) {
    case 'DECLARACION':
      return 6;
    case 'NORMATIVA':
      return 5;
    case 'ANUNCIO':
      return 4;
    case 'EVENTO':
      return 3;
    case 'SUCESO':
      return 2;
    case 'BIOGRAFIA':
    case 'CONCEPTO':
      return 1;
  }
}
