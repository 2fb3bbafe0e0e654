import type { TipoEntidad } from '@noticias/contract';
import type { Classification, CueMatcher } from './entity-cues.ts';
import type { PlaceKind } from './lexicon.ts';
import { isAcronym, type NameMatcher } from './name-matcher.ts';
import { findSpan, type Span } from './sentences.ts';

export interface EntityCandidate {
  /** 1-based, in order of first mention. */
  id: number;
  text: string;
  start: number;
  end: number;
  type: TipoEntidad;
  strength: number;
  count: number;
  descripcion: string | null;
  aliases: string[];
  /** For an acronym, the long form it stands for. */
  longForm: string | null;
  placeKind: PlaceKind | null;
  /** Every mention seen only at a sentence start: its capital proves nothing. */
  onlyInitial: boolean;
  firstSentence: number;
}

export interface EntityMention {
  start: number;
  end: number;
  text: string;
}

export interface EntityScan {
  entities: EntityCandidate[];
  /** Every mention in text order, naming its candidate by text. */
  mentions: EntityMention[];
}

const ACRONYM_AFTER = /^[ \t]*\([ \t]*([\p{Lu}][\p{L}\d]{1,11})[ \t]*\)/u;
const CHECK_EVERY = 512;
const MAX_CLASSIFIED_MENTIONS = 4;

/** Finds the named entities of a text: one candidate per surface form, with all its mentions. */
export function scanEntities(
  text: string,
  sentences: readonly Span[],
  names: NameMatcher,
  cues: CueMatcher,
  language: 'es' | 'en',
  signal?: AbortSignal,
): EntityScan {
  const byText = new Map<string, EntityCandidate>();
  const mentions: EntityMention[] = [];
  const acronymOf = new Map<string, string>();
  let sentence = 0;
  let seen = 0;
  for (const name of names.names(text)) {
    if (++seen % CHECK_EVERY === 0) signal?.throwIfAborted();
    while (sentence < sentences.length - 1 && sentences[sentence]!.end <= name.start) sentence++;
    let candidate = byText.get(name.text);
    // A name already typed by a head word or an explicit cue keeps its type: skip the context regexes.
    // After a few mentions the context has said what it will: later ones skip the regexes too,
    // which keeps long documents linear in practice.
    const cls: Classification =
      candidate && (candidate.strength >= 4 || candidate.count >= MAX_CLASSIFIED_MENTIONS)
        ? { type: candidate.type, strength: candidate.strength, descripcion: null, placeKind: candidate.placeKind }
        : cues.classify(text, name, language);
    if (!candidate) {
      candidate = {
        id: byText.size + 1,
        text: name.text,
        start: name.start,
        end: name.end,
        type: cls.type,
        strength: cls.strength,
        count: 0,
        descripcion: cls.descripcion,
        aliases: [],
        longForm: acronymOf.get(name.text) ?? null,
        placeKind: cls.placeKind,
        onlyInitial: true,
        firstSentence: sentence,
      };
      byText.set(name.text, candidate);
    } else if (cls.strength > candidate.strength) {
      candidate.type = cls.type;
      candidate.strength = cls.strength;
      candidate.placeKind = cls.placeKind;
      candidate.descripcion = cls.descripcion ?? candidate.descripcion;
    } else if (!candidate.descripcion && cls.descripcion && cls.type === candidate.type) {
      candidate.descripcion = cls.descripcion;
    }
    candidate.count++;
    if (!name.initial || cls.strength >= 2 || names.isKnownWord(name.text)) candidate.onlyInitial = false;
    mentions.push(name);

    const next = text.charCodeAt(name.end) === 32 ? text.charCodeAt(name.end + 1) : text.charCodeAt(name.end);
    const acronym = next === 40 ? ACRONYM_AFTER.exec(text.slice(name.end, name.end + 20)) : null;
    if (acronym && isAcronym(acronym[1]!) && acronym[1] !== name.text && !isAcronym(name.text)) {
      if (!candidate.aliases.includes(acronym[1]!)) candidate.aliases.push(acronym[1]!);
      acronymOf.set(acronym[1]!, name.text);
    }
  }
  const kept = [...byText.values()].filter((c) => !(c.onlyInitial && c.strength <= 1 && c.text.indexOf(' ') < 0));
  resolveTypes(kept, byText, acronymOf);
  const keptTexts = new Set(kept.map((c) => c.text));
  kept.forEach((c, i) => (c.id = i + 1));
  return { entities: kept, mentions: mentions.filter((m) => keptTexts.has(m.text)) };
}

// Types that only the whole text can tell: an acronym takes its long form's type, and a lone
// surname takes the type of the full name it shortens ("Aguirre" after "Carmen Aguirre").
function resolveTypes(
  entities: EntityCandidate[],
  byText: ReadonlyMap<string, EntityCandidate>,
  acronymOf: ReadonlyMap<string, string>,
): void {
  const surnames = new Map<string, EntityCandidate>();
  const orgFirstWords = new Map<string, EntityCandidate>();
  for (const c of entities) {
    const lastSpace = c.text.lastIndexOf(' ');
    if (lastSpace < 0) continue;
    if (c.type === 'PERSONA') surnames.set(c.text.slice(lastSpace + 1), c);
    if (c.type === 'ORGANIZACION') orgFirstWords.set(c.text.slice(0, c.text.indexOf(' ')), c);
  }
  for (const c of entities) {
    const longForm = acronymOf.get(c.text);
    const long = longForm ? byText.get(longForm) : undefined;
    if (long) {
      c.longForm = long.text;
      c.type = long.type;
      c.strength = 5;
      continue;
    }
    if (c.text.includes(' ') || c.strength >= 4) continue;
    const person = surnames.get(c.text);
    if (person) {
      c.type = 'PERSONA';
      c.strength = Math.max(c.strength, 4);
      continue;
    }
    if (orgFirstWords.has(c.text) && c.strength <= 2) c.type = 'ORGANIZACION';
  }
}

/** Entities whose mentions fall inside each span, by id, in one merge pass over both sorted lists. */
export function entitiesPerSpan(spans: readonly Span[], scan: EntityScan): number[][] {
  const idByText = new Map(scan.entities.map((e) => [e.text, e.id]));
  const result: number[][] = spans.map(() => []);
  for (const mention of scan.mentions) {
    const index = findSpan(spans, mention.start);
    if (index < 0) continue;
    const id = idByText.get(mention.text);
    const list = result[index]!;
    if (id !== undefined && !list.includes(id)) list.push(id);
  }
  return result;
}
