import type { TipoHecho } from '@noticias/contract';
import * as W from './lexicon-words.ts';
import { CITIES, COUNTRIES, REGIONS } from './gazetteer-words.ts';

export type PlaceKind = 'pais' | 'region' | 'ciudad';
export interface EventVerb {
  tipo: TipoHecho;
  future: boolean;
}

/** The word lists as lookup structures, built once per extractor and shared read-only by every call. */
export interface Lexicon {
  stopwordsEs: ReadonlySet<string>;
  stopwordsEn: ReadonlySet<string>;
  sentenceStarters: ReadonlySet<string>;
  months: ReadonlyMap<string, number>;
  weekdays: ReadonlyMap<string, number>;
  personTitles: ReadonlySet<string>;
  institutionHeads: ReadonlySet<string>;
  organisationHeads: ReadonlySet<string>;
  organisationCues: ReadonlySet<string>;
  normativaHeads: ReadonlySet<string>;
  placeCues: ReadonlySet<string>;
  eventHeads: ReadonlySet<string>;
  conceptAcronyms: ReadonlySet<string>;
  attributionVerbs: ReadonlySet<string>;
  eventVerbs: ReadonlyMap<string, EventVerb>;
  futureMarkers: ReadonlySet<string>;
  units: ReadonlyMap<string, string>;
  currencies: ReadonlyMap<string, string>;
  pesoByCountry: ReadonlyMap<string, string>;
  scales: ReadonlyMap<string, number>;
  firstNames: ReadonlySet<string>;
  places: ReadonlyMap<string, PlaceKind>;
  /** Category stems: the first five letters of a word (or the whole word when shorter) to its categories. */
  categoryStems: ReadonlyMap<string, { category: string; stem: string }[]>;
  opinionMarkers: ReadonlySet<string>;
  legalMarkers: ReadonlySet<string>;
}

const words = (list: string): string[] => list.split(/\s+/).filter(Boolean).map((w) => w.replaceAll('-', ' '));
const wordSet = (...lists: string[]): Set<string> => new Set(lists.flatMap(words));

const ANNOUNCE = new Set(
  'aprobar anunciar presentar publicar informar destinar lanzar inaugurar firmar planear proyectar programar decidir establecer prometer ofrecer convocar adjudicar contratar remitir plantear anticipar confirmar revelar invertir financiar crear generar emplear construir'.split(' '),
);
const INCIDENT = new Set(
  'morir fallecer desalojar calcinar quemar evacuar arrestar detener asesinar matar provocar causar originar inundar estallar explotar chocar colisionar destruir arrasar afectar dañar sufrir realojar investigar'.split(' '),
);
const EVENT = new Set('celebrar reunir visitar viajar votar ganar perder derrotar empatar elegir reelegir comparecer dimitir'.split(' '));
const NORMATIVE = new Set('decretar legislar regular sancionar multar prohibir autorizar limitar ordenar'.split(' '));

function verbType(infinitive: string): TipoHecho {
  if (NORMATIVE.has(infinitive)) return 'NORMATIVA';
  if (ANNOUNCE.has(infinitive)) return 'ANUNCIO';
  if (INCIDENT.has(infinitive)) return 'SUCESO';
  if (EVENT.has(infinitive)) return 'EVENTO';
  return 'SUCESO';
}

const AR_PAST = ['ó', 'a', 'an', 'aron', 'ado', 'ada', 'ados', 'adas', 'aba', 'aban', 'ando', 'aría', 'arían'];
const AR_FUTURE = ['ará', 'arán'];
const ER_PAST = ['ió', 'e', 'en', 'ieron', 'ido', 'ida', 'idos', 'idas', 'ía', 'ían', 'iendo'];

function buildEventVerbs(attribution: ReadonlySet<string>): Map<string, EventVerb> {
  const verbs = new Map<string, EventVerb>();
  const add = (form: string, verb: EventVerb): void => {
    if (!verbs.has(form)) verbs.set(form, verb);
  };
  for (const inf of words(W.EVENT_INFINITIVES_AR)) {
    const stem = inf.slice(0, -2);
    const tipo = verbType(inf);
    for (const end of AR_PAST) add(stem + end, { tipo, future: false });
    for (const end of AR_FUTURE) add(stem + end, { tipo, future: true });
  }
  for (const inf of words(W.EVENT_INFINITIVES_ER_IR)) {
    const stem = inf.slice(0, -2);
    const vowel = inf.slice(-2, -1);
    const tipo = verbType(inf);
    for (const end of ER_PAST) add(stem + end, { tipo, future: false });
    add(`${inf}á`, { tipo, future: true });
    add(`${inf}án`, { tipo, future: true });
    add(`${stem}${vowel}ría`, { tipo, future: false });
  }
  for (const form of words(W.EVENT_IRREGULAR_ES)) {
    const future = /(?:rá|rán)$/.test(form);
    add(form, { tipo: form.startsWith('podr') || form.startsWith('deber') || form.startsWith('rig') ? 'NORMATIVA' : 'SUCESO', future });
  }
  for (const form of words(W.EVENT_VERBS_EN)) {
    add(form, { tipo: 'SUCESO', future: form === 'will' || form === 'plans' || form === 'expects' });
  }
  // "según" and "according" attribute without being an event.
  for (const form of attribution) if (form !== 'según' && form !== 'according') verbs.set(form, { tipo: 'DECLARACION', future: false });
  return verbs;
}

function buildPlaces(): Map<string, PlaceKind> {
  const places = new Map<string, PlaceKind>();
  // Cities first, then regions, then countries: a name that is both (Córdoba, Murcia) keeps the broader kind.
  for (const [list, kind] of [
    [CITIES, 'ciudad'],
    [REGIONS, 'region'],
    [COUNTRIES, 'pais'],
  ] as const) {
    for (const name of list.split(',')) places.set(name.trim(), kind);
  }
  return places;
}

function buildCategoryStems(): Map<string, { category: string; stem: string }[]> {
  const stems = new Map<string, { category: string; stem: string }[]>();
  for (const [category, list] of W.CATEGORY_STEMS) {
    for (const stem of words(list)) {
      const key = stem.slice(0, 5);
      const entries = stems.get(key) ?? [];
      entries.push({ category, stem });
      stems.set(key, entries);
    }
  }
  return stems;
}

export function createLexicon(): Lexicon {
  const attributionVerbs = wordSet(W.ATTRIBUTION_VERBS);
  const monthNumbers = (list: string): [string, number][] => words(list).map((w, i) => [w, i + 1]);
  const months = new Map([...monthNumbers(W.MONTHS_ES), ...monthNumbers(W.MONTHS_EN), ['setiembre', 9]]);
  const weekdays = new Map([
    ...words(W.WEEKDAYS_ES).map((w, i) => [w, i] as const),
    ...words(W.WEEKDAYS_EN).map((w, i) => [w, i] as const),
  ]);
  return {
    stopwordsEs: wordSet(W.STOPWORDS_ES),
    stopwordsEn: wordSet(W.STOPWORDS_EN),
    sentenceStarters: wordSet(W.SENTENCE_STARTERS, W.STOPWORDS_ES, W.STOPWORDS_EN),
    months,
    weekdays,
    personTitles: wordSet(W.PERSON_TITLES),
    institutionHeads: wordSet(W.INSTITUTION_HEADS),
    organisationHeads: wordSet(W.ORGANISATION_HEADS),
    organisationCues: wordSet(W.ORGANISATION_CUES),
    normativaHeads: wordSet(W.NORMATIVA_HEADS),
    placeCues: wordSet(W.PLACE_CUES),
    eventHeads: wordSet(W.EVENT_HEADS),
    conceptAcronyms: new Set(words(W.CONCEPT_ACRONYMS)),
    attributionVerbs,
    eventVerbs: buildEventVerbs(attributionVerbs),
    futureMarkers: wordSet(W.FUTURE_MARKERS_ES, W.FUTURE_MARKERS_EN),
    units: new Map(W.UNIT_WORDS),
    currencies: new Map(W.CURRENCY_WORDS),
    pesoByCountry: new Map(W.PESO_BY_COUNTRY),
    scales: new Map(W.SCALE_WORDS),
    firstNames: wordSet(W.FIRST_NAMES),
    places: buildPlaces(),
    categoryStems: buildCategoryStems(),
    opinionMarkers: wordSet(W.OPINION_MARKERS_ES, W.OPINION_MARKERS_EN),
    legalMarkers: wordSet(W.LEGAL_MARKERS),
  };
}
