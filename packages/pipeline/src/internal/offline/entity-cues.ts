import type { TipoEntidad } from '@noticias/contract';
import type { Lexicon, PlaceKind } from './lexicon.ts';
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
  'palacio plaza calle avenida paseo puerta estadio aeropuerto puerto parque río sierra monte montaña lago playa cabo golfo mar océano isla valle periférico autopista autovía carretera street avenue square river lake mount airport park'.split(' '),
);

const alternation = (words: Iterable<string>): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\t]+'))
    .join('|');

export interface CueMatcher {
  classify(text: string, name: NameSpan, language: 'es' | 'en'): Classification;
}

/** Builds the context regexes once; each call looks at a bounded window around the name. */
export function createCueMatcher(lexicon: Lexicon): CueMatcher {
  const titles = alternation(lexicon.personTitles);
  const role = String.raw`(?:[ \t]+(?:de|del|de[ \t]+la|de[ \t]+los|de[ \t]+las|of|at)[ \t]+[^,.;:()«»"“”\n]{1,70}?)?`;
  // With a role ("ministra de Hacienda") the name must follow a comma; a bare title may touch it.
  const titleBefore = new RegExp(String.raw`(?:^|[^\p{L}])(?:((?:${titles})${role})[ \t]*,|((?:${titles}))[ \t]*,?)[ \t]*$`, 'iu');
  const titleOf = new RegExp(String.raw`(?:^|[^\p{L}])(${titles})[ \t]+(?:de|del|de[ \t]+la|de[ \t]+los|of)[ \t]+$`, 'iu');
  const titleAfter = new RegExp(String.raw`^[ \t]*,[ \t]+(?:(?:el|la|los|las|the|a|an)[ \t]+)?((?:${titles})(?![\p{L}])[^,.;:()\n]{0,60})`, 'iu');
  const orgCue = new RegExp(String.raw`(?:^|[^\p{L}])(?:${alternation(lexicon.organisationCues)})(?:[ \t]+(?:de|del))?[ \t]+$`, 'iu');
  const placeCue = new RegExp(String.raw`(?:^|[^\p{L}])(?:${alternation(lexicon.placeCues)})[ \t]+(?:de|del|of)[ \t]+$`, 'iu');
  const weakPlaceCue = /(?:^|[^\p{L}])(?:en|in|near|cerca de|desde|hacia|from)[ \t]+$/iu;
  const weakOrgCue = /(?:^|[^\p{L}])(?:at|analysts at)[ \t]+$/iu;
  const attributionBefore = new RegExp(String.raw`(?:^|[^\p{L}])(?:${alternation(lexicon.attributionVerbs)})[ \t]+$`, 'iu');

  function classify(text: string, name: NameSpan, language: 'es' | 'en'): Classification {
    const words = name.text.split(/[ \t]+/);
    const first = words[0]!.toLowerCase();
    const last = words[words.length - 1]!.toLowerCase();
    // The window stops at a line break: cues never cross paragraphs.
    const window = text.slice(Math.max(0, name.start - LOOKBACK), name.start);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    const after = text.slice(name.end, name.end + LOOKAHEAD);
    const result = (type: TipoEntidad, strength: number, descripcion: string | null = null, placeKind: PlaceKind | null = null): Classification => ({
      type,
      strength,
      descripcion,
      placeKind,
    });

    if (name.title) return result('PERSONA', 5, name.title);
    const titled = titleBefore.exec(before);
    if (titled && !lexicon.places.has(name.text)) return result('PERSONA', 5, tidyRole(titled[1] ?? titled[2]!));
    const titledAfter = titleAfter.exec(after);
    if (titledAfter && words.length <= 4) return result('PERSONA', 5, tidyRole(titledAfter[1]!));

    const placeKind = lexicon.places.get(name.text) ?? null;
    if (lexicon.normativaHeads.has(first)) return result('NORMATIVA', 4);
    if (lexicon.institutionHeads.has(first) || /^banco central|^reserva federal|^federal reserve/i.test(name.text)) {
      return result('INSTITUCION', 4);
    }
    if (lexicon.organisationHeads.has(first) || (words.length > 1 && lexicon.organisationHeads.has(last))) {
      return result('ORGANIZACION', 4);
    }
    if (lexicon.eventHeads.has(first) && words.length > 1) return result('EVENTO', 4);
    if (PLACE_HEADS.has(first) && words.length > 1) return result('LUGAR', 4, null, 'ciudad');
    if (placeKind) return result('LUGAR', 3, null, placeKind);

    const titleOfMatch = titleOf.exec(before);
    if (titleOfMatch) {
      const isPlace = PLACE_TITLES.has(titleOfMatch[1]!.toLowerCase());
      return isPlace ? result('LUGAR', 5, null, 'ciudad') : result('INSTITUCION', 5);
    }
    if (orgCue.test(before)) return result('ORGANIZACION', 5);
    if (placeCue.test(before)) return result('LUGAR', 5, null, 'ciudad');
    if (isAcronym(name.text)) {
      return lexicon.conceptAcronyms.has(name.text) ? result('CONCEPTO', 4) : result('ORGANIZACION', 2);
    }
    if (lexicon.firstNames.has(first) && words.length >= 2 && words.length <= 4) return result('PERSONA', 3);
    if (attributionBefore.test(before)) return result('PERSONA', 2);
    if (language === 'en' && weakOrgCue.test(before)) return result('ORGANIZACION', 2);
    if (weakPlaceCue.test(before) && words.length <= 3) return result('LUGAR', 2, null, 'ciudad');
    const hasConnector = words.some((w) => w === w.toLowerCase());
    if (words.length >= 2 && words.length <= 3 && !hasConnector) return result('PERSONA', 1);
    return result('ORGANIZACION', 1);
  }

  return { classify };
}

function tidyRole(role: string): string {
  return role.replace(/[ \t]+/g, ' ').replace(/[ ,]+$/, '').trim();
}
