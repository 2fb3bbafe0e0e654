import type { Cita, Entidad, Fase2Extraccion, Fase3CitasDatos, Hecho } from '@noticias/contract';
import type { NormalisationOutput, PhaseInput } from '../../extractor.ts';
import { SpeakerFinder } from './attribution.ts';
import { createDateFinder, type DateFinder } from './dates.ts';
import { createCueMatcher, type CueMatcher } from './entity-cues.ts';
import { entitiesPerSpan, scanEntities, type EntityCandidate } from './entities.ts';
import { extractFacts } from './facts.ts';
import { detectLanguage, type Language } from './language.ts';
import { createLexicon, type Lexicon } from './lexicon.ts';
import { createNameMatcher, type NameMatcher } from './name-matcher.ts';
import { normalise } from './normalise.ts';
import { createQuantityFinder, type QuantityFinder } from './quantities.ts';
import { findQuotes, sentenceAt, splitLength } from './quotes.ts';
import { findSpan } from './sentences.ts';
import type { DocumentMemo, TextAnalysis } from './text-analysis.ts';
import { articleType, triage } from './triage.ts';
import type { Fase1Triaje } from '@noticias/contract';

/** Everything the offline phases share, built once per extractor. */
export interface OfflineTools {
  lexicon: Lexicon;
  names: NameMatcher;
  cues: CueMatcher;
  dates: DateFinder;
  quantities: QuantityFinder;
}

export function createOfflineTools(): OfflineTools {
  const lexicon = createLexicon();
  return {
    lexicon,
    names: createNameMatcher(lexicon),
    cues: createCueMatcher(lexicon),
    dates: createDateFinder(lexicon),
    quantities: createQuantityFinder(lexicon),
  };
}

// Later phases use phase 1's cleaned text and language when it ran, and work them out again when
// it failed: a failed phase must not take the others down with it.
function workingText(input: PhaseInput, memo: DocumentMemo): TextAnalysis {
  const cleaned = input.triaje?.texto_para_siguiente_fase;
  return memo.analysisOf(
    typeof cleaned === 'string' && cleaned.length === input.document.text.length ? cleaned : memo.cleaned,
  );
}

function workingLanguage(input: PhaseInput, text: string, tools: OfflineTools): Language {
  const detected = input.triaje?.idioma_detectado;
  if (detected === 'es' || detected === 'en') return detected;
  return detectLanguage(text, tools.lexicon, input.document.declaredLanguage).language;
}

export function runTriage(input: PhaseInput, tools: OfflineTools, memo: DocumentMemo): Fase1Triaje {
  return triage(input.document, memo.analysisOf(memo.cleaned), tools.lexicon);
}

export function runExtraction(
  input: PhaseInput,
  tools: OfflineTools,
  memo: DocumentMemo,
  signal?: AbortSignal,
): Fase2Extraccion {
  const source = input.document.text;
  const analysis = workingText(input, memo);
  const text = analysis.text;
  const language = workingLanguage(input, text, tools);
  const sentences = analysis.sentences;
  signal?.throwIfAborted();
  const scan = scanEntities(text, sentences, tools.names, tools.cues, language, signal);
  const perSentence = entitiesPerSpan(sentences, scan);
  const kind = input.triaje?.tipo_articulo ?? articleType(input.document, text, { words: 1, opinion: 0, legal: 0 });
  const facts: Hecho[] = extractFacts({
    analysis,
    source,
    entitiesPerSentence: perSentence,
    entities: scan.entities,
    dates: tools.dates,
    publishedAt: input.document.publishedAt,
    legalText: kind === 'normativa',
    signal,
  });
  const titleNames = new Set(input.document.title ? tools.names.names(input.document.title).map((n) => n.text) : []);
  const most = maxCount(scan.entities);
  const entities = scan.entities.map((c) => toEntidad(c, source, most, titleNames));
  const warnings: string[] = [];
  if (sentences.length > 0 && facts.length === 0)
    warnings.push('No se encontraron oraciones con verbos de acontecimiento: sin hechos.');
  if (entities.length === 0) warnings.push('No se encontraron entidades nombradas.');
  return {
    hechos_extraidos: facts,
    entidades_extraidas: entities,
    resumen_extraccion: `${facts.length} hechos y ${entities.length} entidades extraídos de ${sentences.length} oraciones.`,
    advertencias_extraccion: warnings,
    numero_oraciones: sentences.length,
  };
}

function maxCount(entities: readonly EntityCandidate[]): number {
  return entities.reduce((max, e) => Math.max(max, e.count), 1);
}

function toEntidad(c: EntityCandidate, source: string, max: number, titleNames: ReadonlySet<string>): Entidad {
  const relevance = 0.3 + 0.6 * (c.count / max) + (titleNames.has(c.text) ? 0.1 : 0);
  return {
    id_entidad: c.id,
    texto_entidad: source.slice(c.start, c.end),
    tipo_entidad: c.type,
    relevancia_entidad: Math.round(Math.min(1, relevance) * 100) / 100,
    offset_inicio_entidad: c.start,
    offset_fin_entidad: c.end,
    metadata_entidad: {
      alias: c.longForm ? [c.longForm, ...c.aliases] : [...c.aliases],
      descripcion: c.descripcion,
    },
    nombre_entidad_normalizada: null,
    id_entidad_normalizada: null,
  };
}

export function runQuotesAndData(
  input: PhaseInput,
  tools: OfflineTools,
  memo: DocumentMemo,
  signal?: AbortSignal,
): Fase3CitasDatos {
  const source = input.document.text;
  const analysis = workingText(input, memo);
  const text = analysis.text;
  const language = workingLanguage(input, text, tools);
  const sentences = analysis.sentences;
  const facts = input.extraccion?.hechos_extraidos ?? [];
  const factSpans = facts.map((f) => ({ start: f.offset_inicio_hecho, end: f.offset_fin_hecho }));
  const known = (input.extraccion?.entidades_extraidas ?? []).map((e) => ({
    id: e.id_entidad,
    text: e.texto_entidad,
    type: e.tipo_entidad,
  }));
  const speakers = new SpeakerFinder(tools.lexicon, tools.names, tools.cues, known, language);
  const quotes: Cita[] = [];
  for (const q of findQuotes(text)) {
    if (quotes.length % 128 === 0) signal?.throwIfAborted();
    const sentence = sentenceAt(sentences, q.start) ?? { start: q.start, end: q.end };
    const span = { start: Math.min(sentence.start, q.start - 1), end: Math.max(sentence.end, q.end + 1) };
    const speaker = speakers.find(text, q, span);
    const quoteText = source.slice(q.start, q.end);
    const factIndex = findSpan(factSpans, q.start);
    const words = splitLength(quoteText);
    quotes.push({
      id_cita: quotes.length + 1,
      texto_cita: quoteText,
      persona_citada: speaker?.name ?? null,
      id_entidad_citada: speaker?.entityId ?? null,
      offset_inicio_cita: q.start,
      offset_fin_cita: q.end,
      contexto_cita: source.slice(span.start, Math.min(span.end, span.start + 600)).trim(),
      metadata_cita: {
        hecho_id: facts[factIndex]?.id_hecho ?? null,
        relevancia: Math.min(5, 1 + (speaker ? 2 : 0) + (words >= 12 ? 2 : words >= 6 ? 1 : 0)),
      },
    });
  }
  signal?.throwIfAborted();
  const data = tools.quantities.find({
    source,
    analysis,
    language,
    country: input.document.country,
    publishedAt: input.document.publishedAt,
    lexicon: tools.lexicon,
    names: tools.names,
    dates: tools.dates,
    knownPlaces: input.extraccion
      ? [
          ...new Set(
            input.extraccion.entidades_extraidas.filter((e) => e.tipo_entidad === 'LUGAR').map((e) => e.texto_entidad),
          ),
        ]
      : null,
    signal,
  });
  const warnings: string[] = [];
  const unattributed = quotes.filter((q) => q.persona_citada === null).length;
  if (unattributed > 0) warnings.push(`${unattributed} citas sin hablante identificado.`);
  return {
    citas_textuales_extraidas: quotes,
    datos_cuantitativos_extraidos: data,
    advertencias_citas_datos: warnings,
  };
}

export function runNormalisation(input: PhaseInput, tools: OfflineTools, memo: DocumentMemo): NormalisationOutput {
  return normalise({
    analysis: workingText(input, memo),
    entities: input.extraccion?.entidades_extraidas ?? [],
    facts: input.extraccion?.hechos_extraidos ?? [],
    quotes: input.citas_datos?.citas_textuales_extraidas ?? [],
    data: input.citas_datos?.datos_cuantitativos_extraidos ?? [],
    lexicon: tools.lexicon,
    names: tools.names,
  });
}
