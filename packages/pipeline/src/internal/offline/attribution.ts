import type { TipoEntidad } from '@noticias/contract';
import type { CueMatcher } from './entity-cues.ts';
import type { Lexicon } from './lexicon.ts';
import type { NameMatcher, NameSpan } from './name-matcher.ts';
import type { Span } from './sentences.ts';
import type { QuoteSpan } from './quotes.ts';

export interface KnownEntity {
  id: number;
  text: string;
  type: TipoEntidad;
}

export interface Speaker {
  name: string;
  entityId: number | null;
}

const VERB_WINDOW = 80;
const AFTER_WINDOW = 220;
const WORD = /\p{L}+/gu;
const SEGUN = /\b(?:según|according to)[ \t]+(?:el|la|los|las|the)?[ \t]*$/iu;

/**
 * The speaker of a quote, from the sentence around it: a reporting verb right after the quote
 * names who said it ("», declaró el consejero ..., Rafael Castro"; "," Priya Raman told"), else
 * the last person named before it ("Carmen Aguirre defendió que las cuentas «...»").
 */
export class SpeakerFinder {
  readonly #lexicon: Lexicon;
  readonly #names: NameMatcher;
  readonly #cues: CueMatcher;
  readonly #language: 'es' | 'en';
  readonly #byText: ReadonlyMap<string, KnownEntity>;
  readonly #bySurname: ReadonlyMap<string, KnownEntity>;

  constructor(
    lexicon: Lexicon,
    names: NameMatcher,
    cues: CueMatcher,
    known: readonly KnownEntity[],
    language: 'es' | 'en',
  ) {
    this.#lexicon = lexicon;
    this.#names = names;
    this.#cues = cues;
    this.#language = language;
    this.#byText = new Map(known.map((e) => [e.text, e]));
    const bySurname = new Map<string, KnownEntity>();
    for (const e of known) {
      const space = e.text.lastIndexOf(' ');
      if (e.type === 'PERSONA' && space >= 0) bySurname.set(e.text.slice(space + 1), e);
    }
    this.#bySurname = bySurname;
  }

  find(text: string, quote: QuoteSpan, sentence: Span): Speaker | null {
    const afterStart = Math.min(quote.end + 1, sentence.end);
    const afterEnd = Math.min(sentence.end, afterStart + AFTER_WINDOW);
    const after = text.slice(afterStart, afterEnd);
    let verbAt = -1;
    for (const w of after.matchAll(WORD)) {
      if (w.index > VERB_WINDOW) break;
      if (this.#lexicon.attributionVerbs.has(w[0].toLowerCase())) {
        verbAt = afterStart + w.index;
        break;
      }
    }
    if (verbAt >= 0) {
      const candidates = this.#names.names(text, afterStart, afterEnd);
      const afterVerb = candidates.filter((c) => c.start > verbAt);
      const beforeVerb = candidates.filter((c) => c.end <= verbAt);
      const pick =
        afterVerb.find((c) => this.#isPerson(text, c)) ??
        beforeVerb.reverse().find((c) => this.#isPerson(text, c)) ??
        afterVerb[0] ??
        beforeVerb[0];
      if (pick) return this.#resolve(pick);
    }
    const beforeStart = sentence.start;
    const beforeEnd = Math.max(sentence.start, quote.start - 1);
    const before = this.#names.names(text, beforeStart, beforeEnd);
    for (let i = before.length - 1; i >= 0; i--) {
      if (this.#isPerson(text, before[i]!)) return this.#resolve(before[i]!);
    }
    const last = before[before.length - 1];
    if (last && SEGUN.test(text.slice(Math.max(sentence.start, last.start - 30), last.start)))
      return this.#resolve(last);
    return null;
  }

  #resolve(name: NameSpan): Speaker {
    const entity = this.#byText.get(name.text);
    const full = entity && entity.text.includes(' ') ? entity : (this.#bySurname.get(name.text) ?? entity);
    return full ? { name: full.text, entityId: full.id } : { name: name.text, entityId: null };
  }

  #isPerson(text: string, name: NameSpan): boolean {
    const entity = this.#byText.get(name.text);
    if (entity) return entity.type === 'PERSONA';
    if (this.#bySurname.has(name.text)) return true;
    return this.#cues.classify(text, name, this.#language).type === 'PERSONA';
  }
}
