import type { PipelineDocument } from '../../extractor.ts';
import { clauseAround } from './clause-span.ts';
import type { DateFinder, FoundDate } from './dates.ts';
import type { LexicalWord, Lexicon } from './lexicon.ts';
import { splitSentences, type Span } from './sentences.ts';
import { buildWordTable, type WordTable } from './word-table.ts';
import { cleanText } from './text-cleaning.ts';
import { lowerCopy } from './word-scanner.ts';

/**
 * What several phases read of one working text (the cleaned input): its lower-case copy, its
 * sentences, its words and its dates. Each is worked out on first use and kept, so phases 2 and
 * 3 don't split and scan the same text each on its own, and a phase run alone still gets
 * everything it asks for.
 */
export class TextAnalysis {
  readonly text: string;
  #lower: string | null | undefined;
  #sentences: Span[] | undefined;
  readonly #lexicon: Lexicon;
  #words: WordTable<LexicalWord> | undefined;
  #dates: { reference: string | null; dates: FoundDate[] } | undefined;
  // Clauses around figures by the figure's start: phase 4 reads the clauses phase 3 found.
  readonly #clauses = new Map<number, { end: number; span: Span; clause: Span }>();

  constructor(text: string, lexicon: Lexicon) {
    this.text = text;
    this.#lexicon = lexicon;
  }

  /** The text lower-cased, or null when that changes its length (see `lowerCopy`). */
  get lower(): string | null {
    if (this.#lower === undefined) this.#lower = lowerCopy(this.text);
    return this.#lower;
  }

  get sentences(): readonly Span[] {
    this.#sentences ??= splitSentences(this.text);
    return this.#sentences;
  }

  get words(): WordTable<LexicalWord> {
    this.#words ??= buildWordTable(this.text, this.lower, this.#lexicon.dictionary);
    return this.#words;
  }

  /** What the word lists say of each distinct word, by word id. */
  get lexical(): readonly (LexicalWord | undefined)[] {
    return this.words.known;
  }

  /** `clauseAround` of this text, kept for a later phase asking about the same figure and sentence. */
  clauseAround(start: number, end: number, sentence: Span): Span {
    const known = this.#clauses.get(start);
    if (known && known.end === end && known.span.start === sentence.start && known.span.end === sentence.end)
      return known.clause;
    const clause = clauseAround(this.text, start, end, sentence);
    this.#clauses.set(start, { end, span: { start: sentence.start, end: sentence.end }, clause });
    return clause;
  }

  /**
   * Every date of the text; `reference` (ISO) resolves years and weekdays. (An analysis belongs
   * to one extractor, so there is only ever one date finder.)
   */
  dates(finder: DateFinder, reference: string | null): readonly FoundDate[] {
    if (this.#dates?.reference !== reference || this.#dates === undefined) {
      this.#dates = { reference, dates: finder.scan(this.text, reference, this.words) };
    }
    return this.#dates.dates;
  }
}

/**
 * The analyses of one document, kept by the extractor while the document is alive. Phases work
 * on phase 1's cleaned text when it is there; the memo holds the analysis of the last working
 * text asked for, which in a normal run is the same string for every phase.
 */
export class DocumentMemo {
  readonly document: PipelineDocument;
  readonly #lexicon: Lexicon;
  #cleaned: { source: string; text: string } | undefined;
  #analysis: TextAnalysis | undefined;

  constructor(document: PipelineDocument, lexicon: Lexicon) {
    this.document = document;
    this.#lexicon = lexicon;
  }

  /** The document's text cleaned (`cleanText`). */
  get cleaned(): string {
    const source = this.document.text;
    if (this.#cleaned?.source !== source) this.#cleaned = { source, text: cleanText(source) };
    return this.#cleaned.text;
  }

  analysisOf(text: string): TextAnalysis {
    if (this.#analysis === undefined || this.#analysis.text !== text)
      this.#analysis = new TextAnalysis(text, this.#lexicon);
    return this.#analysis;
  }
}
