import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOfflineExtractor } from '../src/index.ts';
import { toDocument } from '../src/internal/document.ts';
import { createLexicon } from '../src/internal/offline/lexicon.ts';
import { isAcronym } from '../src/internal/offline/name-matcher.ts';
import { createPlaceFinder } from '../src/internal/offline/place-finder.ts';
import { PrefixIndex } from '../src/internal/offline/prefix-index.ts';
import { splitLength } from '../src/internal/offline/quotes.ts';
import { buildWordTable } from '../src/internal/offline/word-table.ts';
import { forEachWord, lowerCopy } from '../src/internal/offline/word-scanner.ts';
import { articleInput, loadArticle } from './helpers.ts';

// The shared per-document analysis stands in for separate word passes, map lookups and regex
// splits; each piece is checked here against the plain version of the same work.

const lexicon = createLexicon();
const pieces = [
  'Molina',
  'molina',
  'MOLINA',
  'de',
  'el',
  ' ',
  '  ',
  '\n',
  ',',
  '.',
  '1.234',
  '5%',
  'día',
  'Día',
  'İstanbul',
  'ǅ',
  'ß',
  'e\u0301',
  '«',
  '»',
  'año',
  'ANÁLISIS',
];
const textOf = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));

function wordsByPass(text: string): { start: number; end: number; form: string }[] {
  const lower = lowerCopy(text);
  const out: { start: number; end: number; form: string }[] = [];
  forEachWord(text, (start, end) =>
    out.push({ start, end, form: lower ? lower.slice(start, end) : text.slice(start, end).toLowerCase() }),
  );
  return out;
}

describe('word table', () => {
  it('has the words of a word pass, with their lower-case forms, lexicon entries and ids', () => {
    fc.assert(
      fc.property(textOf, (text) => {
        const table = buildWordTable(text, lowerCopy(text), lexicon.dictionary);
        const expected = wordsByPass(text);
        const got = Array.from({ length: table.count }, (_, k) => ({
          start: table.starts[k]!,
          end: table.ends[k]!,
          form: table.forms[table.ids[k]!]!,
        }));
        expect(got).toEqual(expected);
        expect(table.forms).toEqual([...new Set(expected.map((w) => w.form))]);
        table.forms.forEach((form, id) => {
          expect(table.known[id]).toBe(lexicon.words.get(form));
          expect(table.idOf(form)).toBe(id);
        });
        expect(table.idOf('palabra-ausente')).toBe(-1);
        for (let offset = -1; offset <= text.length; offset++) {
          const first = expected.findIndex((w) => w.end > offset);
          expect(table.firstEndingAfter(offset)).toBe(first < 0 ? expected.length : first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('grows past its first guesses on a long text of many distinct words', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)} de`).join(' ');
    const table = buildWordTable(text, lowerCopy(text), lexicon.dictionary);
    expect(table.count).toBe(40_000);
    expect(table.forms.length).toBe(20_001);
    expect(table.idOf('de')).toBe(1);
    const i = 12_345;
    expect(table.idOf(`w${i.toString(36)}`)).toBe(table.ids[2 * i]);
  });
});

describe('prefix index', () => {
  it('answers as a map keyed by the first characters of the word', () => {
    const stem = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'á'), minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stem, fc.integer()), { maxLength: 30 }),
        fc.array(stem, { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (entries, words, n) => {
          const byKey = new Map<string, [string, number][]>();
          for (const [s, v] of entries) byKey.set(s.slice(0, n), [...(byKey.get(s.slice(0, n)) ?? []), [s, v]]);
          const index = new PrefixIndex(n, entries);
          for (const word of words) {
            const expected = (byKey.get(word.slice(0, n)) ?? []).find(([s]) => word.startsWith(s))?.[1] ?? null;
            expect(index.find(word)).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('small helpers', () => {
  it('place finder: the places a stretch includes, in list order', () => {
    const place = fc.string({ unit: fc.constantFrom('A', 'b', 'c', ' '), maxLength: 4 });
    fc.assert(
      fc.property(
        fc.uniqueArray(place, { maxLength: 20 }),
        fc.string({ unit: fc.constantFrom('A', 'b', 'c', ' ', 'x'), maxLength: 40 }),
        fc.nat(40),
        fc.nat(40),
        (places, text, a, b) => {
          const [start, end] = a <= b ? [a, Math.min(b, text.length)] : [b, Math.min(a, text.length)];
          const find = createPlaceFinder(places);
          expect(find(text, start, end)).toEqual(places.filter((p) => text.slice(start, end).includes(p)));
          // A second stretch starts afresh.
          expect(find(text, 0, text.length)).toEqual(places.filter((p) => text.includes(p)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splitLength is split(/\\s+/).length', () => {
    const unit = fc.constantFrom('a', ' ', '\n', '\u00a0', '\u2003', '\u200b', '\ufeff', '«');
    fc.assert(
      fc.property(fc.string({ unit }), (s) => {
        expect(splitLength(s)).toBe(s.split(/\s+/).length);
      }),
    );
  });

  it('isAcronym counts capitals as it did code point by code point', () => {
    const reference = (word: string): boolean => {
      if (word.length < 2 || word.length > 12) return false;
      let upper = 0;
      for (const ch of word) if (ch !== ch.toLowerCase()) upper++;
      return upper >= 2 && upper * 2 >= word.length;
    };
    const unit = fc.constantFrom('A', 'b', 'É', 'é', 'İ', 'ǅ', '𐐀', '1', '-');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 14 }), (word) => {
        expect(isAcronym(word)).toBe(reference(word));
      }),
    );
  });
});

describe('shared analysis', () => {
  it('a phase gives the same answer alone as after the phases before it', async () => {
    const extractor = createOfflineExtractor();
    const input = articleInput(loadArticle('01-presupuestos-es.json'));
    const document = toDocument(input);
    const triaje = (await extractor.runPhase('triaje', { document })).value;
    const inRun = (await extractor.runPhase('citas_datos', { document, triaje })).value;
    const alone = (await extractor.runPhase('citas_datos', { document: toDocument(input), triaje })).value;
    expect(inRun).toEqual(alone);
  });
});
