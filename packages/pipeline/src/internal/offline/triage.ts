import type { DecisionTriaje, Fase1Triaje } from '@noticias/contract';
import type { PipelineDocument } from '../../extractor.ts';
import { languageFromCounts } from './language.ts';
import { LEGAL_MARKER, OPINION_MARKER, STOP_EN, STOP_ES, type LexicalWord, type Lexicon } from './lexicon.ts';
import type { TextAnalysis } from './text-analysis.ts';
import { forEachWord, lowerCopy } from './word-scanner.ts';
import type { WordTable } from './word-table.ts';

export type ArticleType = 'noticia' | 'opinion' | 'normativa' | 'entrevista';

const QUOTES = /[«“]|"[^"\n]{15,}"/;
// What starts a line of a legal text or of an interview (after white space).
const LEGAL_HEADING = /^\s*(?:Artículo|Art\.|Article|Disposición)\s+\d+/;
const INTERVIEW = /^\s*(?:P\.|P:|R\.|R:|—\s*¿|Q:|A:)/;
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
  /** Weighted occurrences, for keywords. */
  count: number;
  category: string | null;
  opinion: boolean;
  legal: boolean;
  keyword: boolean;
}

const categoryOf = (word: string, lexicon: Lexicon): string | null => lexicon.categoryStems.find(word);

// A keyword is a word of four letters or more that is no stopword.
const isKeyword = (word: string, flags: number): boolean => word.length >= 4 && (flags & (STOP_ES | STOP_EN)) === 0;

function wordInfo(word: string, lexical: LexicalWord | undefined, lexicon: Lexicon): WordInfo {
  const flags = lexical?.flags ?? 0;
  return {
    count: 0,
    category: categoryOf(word, lexicon),
    opinion: (flags & OPINION_MARKER) !== 0,
    legal: (flags & LEGAL_MARKER) !== 0,
    keyword: isKeyword(word, flags),
  };
}

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;

// Fields of the per-word counts: occurrences shorter than three characters, longer ones, and the
// weighted keyword count.
const SHORT = 0;
const LONG = 1;
const KEYWORD = 2;
const FIELDS = 3;

/**
 * The text's words, counted from its word table: occurrences are tallied per distinct word, then
 * each distinct word is looked up once. Distinct words are visited in order of first occurrence,
 * so categories and keywords tie-break as a left-to-right pass would. Returns the counts, FIELDS
 * per word id.
 */
function countText(analysis: TextAnalysis, lexicon: Lexicon, stats: WordStats): Int32Array {
  const words = analysis.words;
  const lexical = analysis.lexical;
  const distinct = words.forms.length;
  const counts = new Int32Array(FIELDS * distinct);
  const { starts, ends, ids } = words;
  for (let k = 0; k < words.count; k++) {
    const slot = FIELDS * ids[k]! + (ends[k]! - starts[k]! < 3 ? SHORT : LONG);
    counts[slot] = counts[slot]! + 1;
  }
  stats.words += words.count;
  for (let id = 0; id < distinct; id++) {
    const word = words.forms[id]!;
    const short = counts[FIELDS * id + SHORT]!;
    const long = counts[FIELDS * id + LONG]!;
    if (isDigitCode(word.charCodeAt(0))) {
      stats.numbers += short + long;
      // Not a word for keywords or the title's lookups.
      counts[FIELDS * id + LONG] = 0;
      continue;
    }
    const flags = lexical[id]?.flags ?? 0;
    const occurrences = short + long;
    // Short words are stopwords for the language count and nothing else.
    if (flags & STOP_ES) stats.es += occurrences;
    if (flags & STOP_EN) stats.en += occurrences;
    if (long === 0) continue;
    const category = categoryOf(word, lexicon);
    if (category) stats.categories.set(category, (stats.categories.get(category) ?? 0) + long);
    if (flags & OPINION_MARKER) stats.opinion += long;
    if (flags & LEGAL_MARKER) stats.legal += long;
    if (isKeyword(word, flags)) counts[FIELDS * id + KEYWORD] = long;
  }
  return counts;
}

/** Words of the title and tags, weighted, on top of the text's counts. */
function countExtra(
  text: string,
  lexicon: Lexicon,
  weight: number,
  stats: WordStats,
  words: WordTable<LexicalWord>,
  counts: Int32Array,
  extra: Map<string, WordInfo>,
): void {
  const lower = lowerCopy(text);
  forEachWord(text, (start, end) => {
    const code = text.charCodeAt(start);
    if (isDigitCode(code) || end - start < 3) return;
    const word = lower ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
    const id = words.idOf(word);
    // A word the text has (three letters or more) shares the text's count; others are counted apart.
    if (id >= 0 && counts[FIELDS * id + LONG]! > 0) {
      const flags = words.known[id]?.flags ?? 0;
      const category = categoryOf(word, lexicon);
      if (category) stats.categories.set(category, (stats.categories.get(category) ?? 0) + weight);
      if (flags & OPINION_MARKER) stats.opinion++;
      if (flags & LEGAL_MARKER) stats.legal++;
      if (isKeyword(word, flags)) counts[FIELDS * id + KEYWORD] = counts[FIELDS * id + KEYWORD]! + weight;
      return;
    }
    let info = extra.get(word);
    if (!info) {
      info = wordInfo(word, lexicon.words.get(word), lexicon);
      extra.set(word, info);
    }
    if (info.category) stats.categories.set(info.category, (stats.categories.get(info.category) ?? 0) + weight);
    if (info.opinion) stats.opinion++;
    if (info.legal) stats.legal++;
    if (info.keyword) info.count += weight;
  });
}

/**
 * Whether a line of text[0, limit) matches `atStart` (/^\s*(?:...)/): what /(?:^|\n)\s*(?:...)/
 * says of that slice, trying line starts only rather than every character.
 */
function lineStartsWith(text: string, limit: number, atStart: RegExp): boolean {
  const slice = text.slice(0, limit);
  if (atStart.test(slice)) return true;
  for (let newline = slice.indexOf('\n'); newline >= 0; newline = slice.indexOf('\n', newline + 1)) {
    if (atStart.test(slice.slice(newline + 1))) return true;
  }
  return false;
}

export function articleType(
  doc: PipelineDocument,
  text: string,
  stats: Pick<WordStats, 'words' | 'opinion' | 'legal'>,
): ArticleType {
  if (doc.isOpinion || /opini|editorial|tribuna|column/i.test(doc.section ?? '')) return 'opinion';
  if (lineStartsWith(text, 2000, LEGAL_HEADING) || stats.legal / Math.max(1, stats.words) > 0.03) return 'normativa';
  if (lineStartsWith(text, 4000, INTERVIEW)) return 'entrevista';
  if (stats.opinion / Math.max(1, stats.words) > 0.012) return 'opinion';
  return 'noticia';
}

/** The most frequent keywords, earliest first on ties, without sorting every distinct word. */
function topKeywords(
  words: WordTable<LexicalWord>,
  counts: Int32Array,
  extra: ReadonlyMap<string, WordInfo>,
): string[] {
  const top: [string, number][] = [];
  for (let id = 0; id < words.forms.length; id++)
    considerKeyword(top, words.forms[id]!, counts[FIELDS * id + KEYWORD]!);
  for (const [word, info] of extra) considerKeyword(top, word, info.count);
  return top.map(([word]) => word);
}

function considerKeyword(top: [string, number][], word: string, count: number): void {
  if (count === 0) return;
  if (top.length === KEYWORDS && count <= top[KEYWORDS - 1]![1]) return;
  let at = top.length;
  while (at > 0 && top[at - 1]![1] < count) at--;
  top.splice(at, 0, [word, count]);
  if (top.length > KEYWORDS) top.pop();
}

/** Phase 1: language, relevance score and decision, category, keywords and kind of text, from the word table. */
export function triage(doc: PipelineDocument, analysis: TextAnalysis, lexicon: Lexicon): Fase1Triaje {
  const text = analysis.text;
  const stats: WordStats = { es: 0, en: 0, words: 0, numbers: 0, categories: new Map(), opinion: 0, legal: 0 };
  const words = analysis.words;
  const counts = countText(analysis, lexicon, stats);
  const extra = new Map<string, WordInfo>();
  const opinionInText = stats.opinion;
  const lang = languageFromCounts(stats.es, stats.en, doc.declaredLanguage);
  if (doc.title) countExtra(doc.title, lexicon, 3, stats, words, counts, extra);
  for (const tag of doc.tags) countExtra(tag, lexicon, 2, stats, words, counts, extra);
  stats.opinion = opinionInText;

  const ranked = [...stats.categories.entries()].sort((a, b) => b[1] - a[1]);
  const [category, categoryHits] = ranked[0] ?? ['general', 0];
  const keywords = topKeywords(words, counts, extra);
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
  const decision: DecisionTriaje =
    score >= PROCESS_FROM ? 'PROCESAR' : score >= CONSIDER_FROM ? 'CONSIDERAR' : 'DESCARTAR';

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
