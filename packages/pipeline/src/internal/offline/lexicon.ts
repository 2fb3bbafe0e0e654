import type { TipoHecho } from '@noticias/contract';
import * as W from './lexicon-words.ts';
import { CITIES, COUNTRIES, REGIONS } from './gazetteer-words.ts';
import { PrefixIndex } from './prefix-index.ts';
import { WordDictionary } from './word-table.ts';

export type PlaceKind = 'pais' | 'region' | 'ciudad';
export interface EventVerb {
  tipo: TipoHecho;
  future: boolean;
}

/** Flags of `LexicalWord`: the word lists a lower-case word is in. */
export const STOP_ES = 1;
export const STOP_EN = 2;
export const OPINION_MARKER = 4;
export const LEGAL_MARKER = 8;
export const FUTURE_MARKER = 16;
export const MONTH = 32;
export const WEEKDAY = 64;
export const PERSON_TITLE = 128;
export const SENTENCE_STARTER = 256;
export const NORMATIVA_HEAD = 512;
export const INSTITUTION_HEAD = 1024;
export const ORGANISATION_HEAD = 2048;
export const EVENT_HEAD = 4096;
export const FIRST_NAME = 8192;
export const ORGANISATION_CUE = 16384;
export const PLACE_CUE = 32768;
export const ATTRIBUTION_VERB = 65536;

/** What the word lists say of one lower-case word. */
export interface LexicalWord {
  flags: number;
  verb: EventVerb | null;
}

/** The word lists as lookup structures, built once per extractor and shared read-only by every call. */
export interface Lexicon {
  /**
   * Every lower-case word of the lists, with all that is known of it: one lookup per word
   * instead of one per list.
   */
  words: ReadonlyMap<string, LexicalWord>;
  /** The same words, for the word table to look a text's words up as it scans them. */
  dictionary: WordDictionary<LexicalWord>;
  /** First words of the person titles that have two ("chief executive"). */
  titlePairStarts: ReadonlySet<string>;
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
  /** Category stems, looked up by the first five letters of a word (or the whole word when shorter). */
  categoryStems: PrefixIndex<string>;
  opinionMarkers: ReadonlySet<string>;
  legalMarkers: ReadonlySet<string>;
}

const words = (list: string): string[] =>
  list
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replaceAll('-', ' '));
const wordSet = (...lists: string[]): Set<string> => new Set(lists.flatMap(words));

const ANNOUNCE = new Set(
  'aprobar anunciar presentar publicar informar destinar lanzar inaugurar firmar planear proyectar programar decidir establecer prometer ofrecer convocar adjudicar contratar remitir plantear anticipar confirmar revelar invertir financiar crear generar emplear construir'.split(
    ' ',
  ),
);
const INCIDENT = new Set(
  'morir fallecer desalojar calcinar quemar evacuar arrestar detener asesinar matar provocar causar originar inundar estallar explotar chocar colisionar destruir arrasar afectar dañar sufrir realojar investigar'.split(
    ' ',
  ),
);
const EVENT = new Set(
  'celebrar reunir visitar viajar votar ganar perder derrotar empatar elegir reelegir comparecer dimitir'.split(' '),
);
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
    add(form, {
      tipo: form.startsWith('podr') || form.startsWith('deber') || form.startsWith('rig') ? 'NORMATIVA' : 'SUCESO',
      future,
    });
  }
  for (const form of words(W.EVENT_VERBS_EN)) {
    add(form, { tipo: 'SUCESO', future: form === 'will' || form === 'plans' || form === 'expects' });
  }
  // "según" and "according" attribute without being an event.
  for (const form of attribution)
    if (form !== 'según' && form !== 'according') verbs.set(form, { tipo: 'DECLARACION', future: false });
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

function buildCategoryStems(): PrefixIndex<string> {
  return new PrefixIndex(
    5,
    W.CATEGORY_STEMS.flatMap(([category, list]) => words(list).map((stem) => [stem, category] as const)),
  );
}

export function createLexicon(): Lexicon {
  const attributionVerbs = wordSet(W.ATTRIBUTION_VERBS);
  const monthNumbers = (list: string): [string, number][] => words(list).map((w, i) => [w, i + 1]);
  const months = new Map([...monthNumbers(W.MONTHS_ES), ...monthNumbers(W.MONTHS_EN), ['setiembre', 9]]);
  const weekdays = new Map([
    ...words(W.WEEKDAYS_ES).map((w, i) => [w, i] as const),
    ...words(W.WEEKDAYS_EN).map((w, i) => [w, i] as const),
  ]);
  const stopwordsEs = wordSet(W.STOPWORDS_ES);
  const stopwordsEn = wordSet(W.STOPWORDS_EN);
  const eventVerbs = buildEventVerbs(attributionVerbs);
  const futureMarkers = wordSet(W.FUTURE_MARKERS_ES, W.FUTURE_MARKERS_EN);
  const opinionMarkers = wordSet(W.OPINION_MARKERS_ES, W.OPINION_MARKERS_EN);
  const legalMarkers = wordSet(W.LEGAL_MARKERS);
  const index = new Map<string, LexicalWord>();
  const entry = (word: string): LexicalWord => {
    let found = index.get(word);
    if (!found) index.set(word, (found = { flags: 0, verb: null }));
    return found;
  };
  const flag = (list: Iterable<string>, bit: number): void => {
    for (const word of list) entry(word).flags |= bit;
  };
  flag(stopwordsEs, STOP_ES);
  flag(stopwordsEn, STOP_EN);
  flag(opinionMarkers, OPINION_MARKER);
  flag(legalMarkers, LEGAL_MARKER);
  flag(futureMarkers, FUTURE_MARKER);
  flag(months.keys(), MONTH);
  flag(weekdays.keys(), WEEKDAY);
  const personTitles = wordSet(W.PERSON_TITLES);
  const sentenceStarters = wordSet(W.SENTENCE_STARTERS, W.STOPWORDS_ES, W.STOPWORDS_EN);
  const normativaHeads = wordSet(W.NORMATIVA_HEADS);
  const institutionHeads = wordSet(W.INSTITUTION_HEADS);
  const organisationHeads = wordSet(W.ORGANISATION_HEADS);
  const eventHeads = wordSet(W.EVENT_HEADS);
  const firstNames = wordSet(W.FIRST_NAMES);
  const organisationCues = wordSet(W.ORGANISATION_CUES);
  const placeCues = wordSet(W.PLACE_CUES);
  flag(personTitles, PERSON_TITLE);
  flag(sentenceStarters, SENTENCE_STARTER);
  flag(normativaHeads, NORMATIVA_HEAD);
  flag(institutionHeads, INSTITUTION_HEAD);
  flag(organisationHeads, ORGANISATION_HEAD);
  flag(eventHeads, EVENT_HEAD);
  flag(firstNames, FIRST_NAME);
  flag(organisationCues, ORGANISATION_CUE);
  flag(placeCues, PLACE_CUE);
  flag(attributionVerbs, ATTRIBUTION_VERB);
  for (const [form, verb] of eventVerbs) entry(form).verb = verb;
  return {
    words: index,
    dictionary: new WordDictionary(index),
    titlePairStarts: new Set([...personTitles].filter((t) => t.includes(' ')).map((t) => t.slice(0, t.indexOf(' ')))),
    stopwordsEs,
    stopwordsEn,
    sentenceStarters,
    months,
    weekdays,
    personTitles,
    institutionHeads,
    organisationHeads,
    organisationCues,
    normativaHeads,
    placeCues,
    eventHeads,
    conceptAcronyms: new Set(words(W.CONCEPT_ACRONYMS)),
    attributionVerbs,
    eventVerbs,
    futureMarkers,
    units: new Map(W.UNIT_WORDS),
    currencies: new Map(W.CURRENCY_WORDS),
    pesoByCountry: new Map(W.PESO_BY_COUNTRY),
    scales: new Map(W.SCALE_WORDS),
    firstNames,
    places: buildPlaces(),
    categoryStems: buildCategoryStems(),
    opinionMarkers,
    legalMarkers,
  };
}
