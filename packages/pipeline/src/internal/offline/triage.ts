import type { DecisionTriaje, Fase1Triaje } from '@noticias/contract';
import type { PipelineDocument } from '../../extractor.ts';
import { languageFromCounts } from './language.ts';
import type { Lexicon } from './lexicon.ts';
import { forEachWord, lowerCopy } from './word-scanner.ts';

export type ArticleType = 'noticia' | 'opinion' | 'normativa' | 'entrevista';

const QUOTES = /[«“]|"[^"\n]{15,}"/;
const LEGAL_HEADING = /(?:^|\n)\s*(?:Artículo|Art\.|Article|Disposición)\s+\d+/;
const INTERVIEW = /(?:^|\n)\s*(?:P\.|P:|R\.|R:|—\s*¿|Q:|A:)/;
const KEYWORDS = 8;
const PROCESS_FROM = 6;
const CONSIDER_FROM = 3.5;

interface WordStats {
  /** Stopwords of each language, for language detection in the same pass. */
  es: number;
  en: number;
  words: number;
  numbers: number;
  categories: Map<string, number>;
  opinion: number;
  legal: number;
}

interface WordInfo {
  /** Weighted occurrences, for keywords; the cache's insertion order is the order of first use. */
  count: number;
  stopEs: boolean;
  stopEn: boolean;
  category: string | null;
  opinion: boolean;
  legal: boolean;
  keyword: boolean;
}

// Each distinct word is looked up once; repeated words only bump counters.
function wordInfo(word: string, lexicon: Lexicon): WordInfo {
  let category: string | null = null;
  for (const entry of lexicon.categoryStems.get(word.slice(0, 5)) ?? []) {
    if (word.startsWith(entry.stem)) {
      category = entry.category;
      break;
    }
  }
  const stopEs = lexicon.stopwordsEs.has(word);
  const stopEn = lexicon.stopwordsEn.has(word);
  return {
    count: 0,
    stopEs,
    stopEn,
    category,
    opinion: lexicon.opinionMarkers.has(word),
    legal: lexicon.legalMarkers.has(word),
    keyword: word.length >= 4 && !stopEs && !stopEn,
  };
}

function countWords(text: string, lexicon: Lexicon, weight: number, stats: WordStats, cache: Map<string, WordInfo>): void {
  const lower = lowerCopy(text);
  forEachWord(text, (start, end) => {
    if (weight === 1) stats.words++;
    const code = text.charCodeAt(start);
    if (code >= 48 && code <= 57) {
      if (weight === 1) stats.numbers++;
      return;
    }
    // Short words are stopwords for the language count and nothing else.
    const word = lower ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
    if (end - start < 3) {
      if (weight === 1 && lexicon.stopwordsEs.has(word)) stats.es++;
      if (weight === 1 && lexicon.stopwordsEn.has(word)) stats.en++;
      return;
    }
    let info = cache.get(word);
    if (!info) {
      info = wordInfo(word, lexicon);
      cache.set(word, info);
    }
    if (weight === 1 && info.stopEs) stats.es++;
    if (weight === 1 && info.stopEn) stats.en++;
    if (info.category) stats.categories.set(info.category, (stats.categories.get(info.category) ?? 0) + weight);
    if (info.opinion) stats.opinion++;
    if (info.legal) stats.legal++;
    if (info.keyword) info.count += weight;
  });
}

export function articleType(doc: PipelineDocument, text: string, stats: Pick<WordStats, 'words' | 'opinion' | 'legal'>): ArticleType {
  if (doc.isOpinion || /opini|editorial|tribuna|column/i.test(doc.section ?? '')) return 'opinion';
  if (LEGAL_HEADING.test(text.slice(0, 2000)) || stats.legal / Math.max(1, stats.words) > 0.03) return 'normativa';
  if (INTERVIEW.test(text.slice(0, 4000))) return 'entrevista';
  if (stats.opinion / Math.max(1, stats.words) > 0.012) return 'opinion';
  return 'noticia';
}

/** The most frequent keywords, earliest first on ties, without sorting every distinct word. */
function topKeywords(cache: ReadonlyMap<string, WordInfo>): string[] {
  const top: [string, number][] = [];
  for (const [word, info] of cache) {
    if (info.count === 0) continue;
    if (top.length === KEYWORDS && info.count <= top[KEYWORDS - 1]![1]) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]![1] < info.count) at--;
    top.splice(at, 0, [word, info.count]);
    if (top.length > KEYWORDS) top.pop();
  }
  return top.map(([word]) => word);
}

/** Phase 1: language, relevance score and decision, category, keywords and kind of text, in one word pass. */
export function triage(doc: PipelineDocument, text: string, lexicon: Lexicon): Fase1Triaje {
  const stats: WordStats = { es: 0, en: 0, words: 0, numbers: 0, categories: new Map(), opinion: 0, legal: 0 };
  const cache = new Map<string, WordInfo>();
  countWords(text, lexicon, 1, stats, cache);
  const opinionInText = stats.opinion;
  const lang = languageFromCounts(stats.es, stats.en, doc.declaredLanguage);
  if (doc.title) countWords(doc.title, lexicon, 3, stats, cache);
  for (const tag of doc.tags) countWords(tag, lexicon, 2, stats, cache);
  stats.opinion = opinionInText;

  const ranked = [...stats.categories.entries()].sort((a, b) => b[1] - a[1]);
  const [category, categoryHits] = ranked[0] ?? ['general', 0];
  const keywords = topKeywords(cache);
  const type = articleType(doc, text, stats);
  const hasQuotes = QUOTES.test(text);

  let score = stats.words < 30 ? 1 : stats.words < 80 ? 3 : stats.words < 150 ? 4.5 : 5.5;
  score += Math.min(1.5, Math.floor(stats.numbers / 3) * 0.5);
  const density = categoryHits / Math.max(1, stats.words);
  score += density >= 0.02 ? 1.5 : density >= 0.008 ? 0.8 : 0;
  if (hasQuotes) score += 0.5;
  if (type === 'opinion') score -= 1;
  if (type === 'normativa') score += 0.5;
  score = Math.round(Math.max(0, Math.min(10, score)) * 10) / 10;
  const decision: DecisionTriaje = score >= PROCESS_FROM ? 'PROCESAR' : score >= CONSIDER_FROM ? 'CONSIDERAR' : 'DESCARTAR';

  const languageName = lang.language === 'es' ? 'español' : 'inglés';
  const reasons = [
    `Texto en ${languageName} de ${stats.words} palabras`,
    category === 'general' ? 'sin categoría temática dominante' : `categoría ${category} (${categoryHits} términos)`,
    `${stats.numbers} cifras`,
    hasQuotes ? 'con citas textuales' : 'sin citas textuales',
    `tipo ${type}`,
  ];
  return {
    es_relevante: decision !== 'DESCARTAR',
    decision_triaje: decision,
    justificacion_triaje: `${reasons.join(', ')}: puntuación ${score}/10.`,
    categoria_principal: category,
    palabras_clave_triaje: keywords,
    puntuacion_triaje: score,
    idioma_detectado: lang.language,
    texto_para_siguiente_fase: text,
    tipo_articulo: type,
    idioma_declarado: doc.declaredLanguage,
    confianza_idioma: Math.round(lang.confidence * 100) / 100,
    categorias_secundarias: ranked.slice(1, 3).map(([c]) => c),
    numero_palabras: stats.words,
  };
}
