import type { Lexicon } from './lexicon.ts';
import { forEachWord } from './word-scanner.ts';

export type Language = 'es' | 'en';
export interface DetectedLanguage {
  language: Language;
  /** 0..1: the winner's share of the stopwords seen. */
  confidence: number;
}

// A sample is enough to tell two languages apart, and it keeps detection cheap on long texts.
const SAMPLE_CHARS = 20_000;
const LONGEST_STOPWORD = 8;

/** The language of a text from its counts of Spanish and English stopwords. */
export function languageFromCounts(es: number, en: number, declared: string | null): DetectedLanguage {
  const total = es + en;
  const fallback: Language = declared?.toLowerCase().startsWith('en') ? 'en' : 'es';
  if (total < 3) return { language: fallback, confidence: 0 };
  const language: Language = es === en ? fallback : es > en ? 'es' : 'en';
  return { language, confidence: Math.max(es, en) / total };
}

/** Detection on its own, for phases that run without phase 1's answer. */
export function detectLanguage(text: string, lexicon: Lexicon, declared: string | null): DetectedLanguage {
  let es = 0;
  let en = 0;
  const sample = text.slice(0, SAMPLE_CHARS).toLowerCase();
  forEachWord(sample, (start, end) => {
    if (end - start > LONGEST_STOPWORD) return;
    const word = sample.slice(start, end);
    if (lexicon.stopwordsEs.has(word)) es++;
    if (lexicon.stopwordsEn.has(word)) en++;
  });
  return languageFromCounts(es, en, declared);
}
