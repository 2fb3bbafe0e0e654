import type { TipoEntidad } from '@noticias/contract';
import {
  ATTRIBUTION_VERB,
  EVENT_HEAD,
  FIRST_NAME,
  INSTITUTION_HEAD,
  NORMATIVA_HEAD,
  ORGANISATION_CUE,
  ORGANISATION_HEAD,
  PLACE_CUE,
  type Lexicon,
  type PlaceKind,
} from './lexicon.ts';
import { CLAUSE_MARKS, tailTokens, tokens, titleEndingAt, titleStartingAt, type Token } from './context-tokens.ts';
import { isAcronym, type NameSpan } from './name-matcher.ts';

export interface Classification {
  type: TipoEntidad;
  /** 5 an explicit cue in the text, 4 a head word, 3 a gazetteer or first name, 2 a weak cue, 1 a guess. */
  strength: number;
  descripcion: string | null;
  placeKind: PlaceKind | null;
}

const LOOKBACK = 90;
const LOOKAHEAD = 90;
const PLACE_TITLES = new Set(['alcalde', 'alcaldesa', 'gobernador', 'gobernadora', 'intendente', 'mayor', 'governor']);
const PLACE_HEADS = new Set(
  'palacio plaza calle avenida paseo puerta estadio aeropuerto puerto parque río sierra monte montaña lago playa cabo golfo mar océano isla valle periférico autopista autovía carretera street avenue square river lake mount airport park'.split(
    ' ',
  ),
);

const COMMA_FIRST = /^[ \t]*,/;
const CENTRAL_BANK = /^banco central|^reserva federal|^federal reserve/i;

// Where the window before a name starts: LOOKBACK characters back, or after the last line break
// in them (cues never cross paragraphs).
function lineStartBefore(text: string, start: number): number {
  const from = Math.max(0, start - LOOKBACK);
  for (let i = start - 1; i >= from; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return from;
}

// Whether a comma follows the name within LOOKAHEAD on its line, after spaces or tabs: the only
// case in which a title after the name is looked for.
function commaFollows(text: string, end: number): boolean {
  const limit = Math.min(text.length, end + LOOKAHEAD);
  let j = end;
  while (j < limit && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j < limit && text.charCodeAt(j) === 44;
}

// Module-level on purpose: a helper defined inside classify() would be re-created (and, under
// tsx's keepNames, re-named with a defineProperty) on every call.
function result(
  type: TipoEntidad,
  strength: number,
  descripcion: string | null = null,
  placeKind: PlaceKind | null = null,
): Classification {
  return { type, strength, descripcion, placeKind };
}
const WEAK_PLACE = new Set(['en', 'in', 'near', 'desde', 'hacia', 'from']);

// The words of a name, split at runs of spaces and tabs (as `split(/[ \t]+/)`, without a regex).
function splitOnBlanks(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) {
      i++;
      continue;
    }
    out.push(text.slice(start, i));
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    start = i;
  }
  out.push(text.slice(start));
  return out;
}

export interface CueMatcher {
  classify(text: string, name: NameSpan, language: 'es' | 'en'): Classification;
}

const ROLE_LINKS = new Set(['de', 'del', 'of', 'at']);
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'the', 'a', 'an']);
const MAX_ROLE_CHARS = 70;
const MAX_ROLE_AFTER_CHARS = 60;

/**
 * Classifies a name from its own words and a short window around it. The checks look at the last
 * few tokens before the name (or the first after it) against word sets, not with end-anchored
 * regexes of long alternations, which a regex engine tries at every position (slow on long texts).
 */
export function createCueMatcher(lexicon: Lexicon): CueMatcher {
  const titles = lexicon.personTitles;
  const pairStarts = lexicon.titlePairStarts;
  const flagsOf = (word: string): number => lexicon.dictionary.get(word)?.flags ?? 0;

  // "El urbanista Jan Gehl", "La ministra, Ana": a title right before the name.
  // "La ministra de Hacienda, Carmen Aguirre": a title, a role introduced by de/of, a comma.
  function titleBefore(text: string, from: number, toks: readonly Token[]): string | null {
    let last = toks.length - 1;
    const comma = toks[last]?.text === ',';
    if (comma) last--;
    const bare = titleEndingAt(toks, last, titles, pairStarts);
    if (bare) return bare[1];
    if (!comma) return null;
    let clauseStart = last;
    while (clauseStart > 0 && !CLAUSE_MARKS.has(toks[clauseStart - 1]!.text)) clauseStart--;
    for (let i = clauseStart; i < last; i++) {
      const title = titleStartingAt(toks, i, titles, pairStarts);
      if (!title) continue;
      const link = toks[title[0] + 1];
      if (!link || !ROLE_LINKS.has(link.lower) || title[0] + 1 >= last) continue;
      const roleStart = toks[i]!.start;
      const roleEnd = toks[last]!.end;
      if (roleEnd - toks[title[0]]!.end > MAX_ROLE_CHARS + 4) continue;
      return text.slice(from + roleStart, from + roleEnd);
    }
    return null;
  }

  // "Andrés Molina, portavoz del PP, ...": a title right after the name and a comma.
  function titleAfter(after: string): string | null {
    if (!COMMA_FIRST.test(after)) return null;
    const toks = tokens(after.slice(0, 24 + MAX_ROLE_AFTER_CHARS));
    if (toks[0]?.text !== ',') return null;
    let i = 1;
    if (toks[i] && ARTICLES.has(toks[i]!.lower)) i++;
    const title = titleStartingAt(toks, i, titles, pairStarts);
    if (!title) return null;
    let end = title[0];
    while (
      toks[end + 1] &&
      !CLAUSE_MARKS.has(toks[end + 1]!.text) &&
      toks[end + 1]!.end - toks[i]!.start <= MAX_ROLE_AFTER_CHARS
    )
      end++;
    return after.slice(toks[i]!.start, toks[end]!.end);
  }

  /** The word before a trailing "de"/"del"/"of" (also "de la", "de los"), and that link's position. */
  function beforeLink(toks: readonly Token[]): number {
    let i = toks.length - 1;
    if (i >= 1 && ARTICLES.has(toks[i]!.lower) && toks[i - 1]!.lower === 'de') i--;
    return toks[i] && (toks[i]!.lower === 'de' || toks[i]!.lower === 'del' || toks[i]!.lower === 'of') ? i - 1 : -1;
  }

  function classify(text: string, name: NameSpan, language: 'es' | 'en'): Classification {
    if (name.title) return result('PERSONA', 5, name.title);
    const words = splitOnBlanks(name.text);
    const first = words[0]!.toLowerCase();
    const last = words[words.length - 1]!.toLowerCase();
    const firstFlags = flagsOf(first);
    const placeKind = lexicon.places.get(name.text) ?? null;
    // A name headed by "Ministerio", "Partido"... or a known place is never a person: skip the
    // context work for it.
    const headed = placeKind !== null || (firstFlags & (NORMATIVA_HEAD | INSTITUTION_HEAD | ORGANISATION_HEAD)) !== 0;
    let toks: readonly Token[] = [];
    if (!headed) {
      const from = lineStartBefore(text, name.start);
      toks = tailTokens(text, from, name.start);
      const titled = titleBefore(text, from, toks);
      if (titled) return result('PERSONA', 5, titled);
      if (words.length <= 4 && commaFollows(text, name.end)) {
        const afterWindow = text.slice(name.end, name.end + LOOKAHEAD);
        const titledAfter = titleAfter(afterWindow.slice(0, afterWindow.indexOf('\n') >>> 0));
        if (titledAfter) return result('PERSONA', 5, titledAfter);
      }
    }

    if (firstFlags & NORMATIVA_HEAD) return result('NORMATIVA', 4);
    // The regex can only match names whose first word is one of these.
    const centralBank =
      (first === 'banco' || first === 'reserva' || first === 'federal') && CENTRAL_BANK.test(name.text);
    if (firstFlags & INSTITUTION_HEAD || centralBank) return result('INSTITUCION', 4);
    if (firstFlags & ORGANISATION_HEAD || (words.length > 1 && flagsOf(last) & ORGANISATION_HEAD))
      return result('ORGANIZACION', 4);
    if (firstFlags & EVENT_HEAD && words.length > 1) return result('EVENTO', 4);
    if (PLACE_HEADS.has(first) && words.length > 1) return result('LUGAR', 4, null, 'ciudad');
    if (placeKind) return result('LUGAR', 3, null, placeKind);

    const lastTok = toks[toks.length - 1];
    const lastTokFlags = lastTok ? flagsOf(lastTok.lower) : 0;
    const linked = beforeLink(toks);
    const linkedFlags = linked >= 0 ? flagsOf(toks[linked]!.lower) : 0;
    const titleOf = linked >= 0 ? titleEndingAt(toks, linked, titles, pairStarts) : null;
    if (titleOf) {
      const isPlace = PLACE_TITLES.has(titleOf[1].toLowerCase());
      return isPlace ? result('LUGAR', 5, null, 'ciudad') : result('INSTITUCION', 5);
    }
    if ((lastTokFlags | linkedFlags) & ORGANISATION_CUE) return result('ORGANIZACION', 5);
    if (linkedFlags & PLACE_CUE) return result('LUGAR', 5, null, 'ciudad');
    if (isAcronym(name.text)) {
      return lexicon.conceptAcronyms.has(name.text) ? result('CONCEPTO', 4) : result('ORGANIZACION', 2);
    }
    if (firstFlags & FIRST_NAME && words.length >= 2 && words.length <= 4) return result('PERSONA', 3);
    if (lastTokFlags & ATTRIBUTION_VERB) return result('PERSONA', 2);
    if (language === 'en' && lastTok?.lower === 'at') return result('ORGANIZACION', 2);
    const weakPlace =
      lastTok &&
      (WEAK_PLACE.has(lastTok.lower) || (lastTok.lower === 'de' && toks[toks.length - 2]?.lower === 'cerca'));
    if (weakPlace && words.length <= 3) return result('LUGAR', 2, null, 'ciudad');
    const hasConnector = words.some((w) => w === w.toLowerCase());
    if (words.length >= 2 && words.length <= 3 && !hasConnector) return result('PERSONA', 1);
    return result('ORGANIZACION', 1);
  }

  return { classify };
}
