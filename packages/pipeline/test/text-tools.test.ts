import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOfflineExtractor, runPipeline } from '../src/index.ts';
import { createDateFinder } from '../src/internal/offline/dates.ts';
import { createLexicon } from '../src/internal/offline/lexicon.ts';
import { parseLocalNumber } from '../src/internal/offline/numbers.ts';
import { splitSentences } from '../src/internal/offline/sentences.ts';
import { cleanText } from '../src/internal/offline/text-cleaning.ts';
import { articleNames, fragmentInput, loadArticle, loadFragment } from './helpers.ts';

const sentencesOf = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits at terminators followed by a capital, and at line breaks', () => {
    expect(sentencesOf('Primera frase. Segunda frase! ¿Tercera? Cuarta\nQuinta sin punto')).toEqual([
      'Primera frase.',
      'Segunda frase!',
      '¿Tercera?',
      'Cuarta',
      'Quinta sin punto',
    ]);
  });

  it('does not split after abbreviations, initials, decimals or before lower case', () => {
    expect(
      sentencesOf('El Sr. García y la Dra. Ruiz llegaron. J. R. R. Tolkien escribió 2.4 libros. etc. y más. Fin.'),
    ).toEqual(['El Sr. García y la Dra. Ruiz llegaron.', 'J. R. R. Tolkien escribió 2.4 libros. etc. y más.', 'Fin.']);
  });

  it('keeps a quoted passage with its attribution', () => {
    expect(sentencesOf('«Vamos a ganar. No hay duda», dijo Ana. Luego se fue. "Es tarde. Muy tarde", añadió.')).toEqual(
      ['«Vamos a ganar. No hay duda», dijo Ana.', 'Luego se fue.', '"Es tarde. Muy tarde", añadió.'],
    );
  });

  it('returns ordered, trimmed spans that cover every non-space character', () => {
    const alphabet = fc.constantFrom(
      'a',
      'B',
      'É',
      ' ',
      ' ',
      '.',
      '!',
      '?',
      '…',
      '\n',
      '«',
      '»',
      '“',
      '”',
      '"',
      'Sr',
      '1',
      '(',
      ')',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
        const text = parts.join('');
        const spans = splitSentences(text);
        let covered = 0;
        let last = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(text.slice(s.start, s.end)).toBe(text.slice(s.start, s.end).trim());
          covered += text.slice(s.start, s.end).replace(/\s/g, '').length;
          last = s.end;
        }
        expect(covered).toBe(text.replace(/\s/g, '').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseLocalNumber', () => {
  it.each([
    ['485.000', 'es', 485000],
    ['6,2', 'es', 6.2],
    ['41.250', 'es', 41250],
    ['1.234.567,89', 'es', 1234567.89],
    ['2.4', 'es', 2.4],
    ['3,000', 'en', 3000],
    ['1.4', 'en', 1.4],
    ['1,234,567.5', 'en', 1234567.5],
    ['12', 'en', 12],
  ] as const)('%s (%s) is %d', (raw, language, value) => {
    expect(parseLocalNumber(raw, language)).toBeCloseTo(value, 9);
  });
});

describe('cleanText', () => {
  it('replaces control and odd spaces one for one, so offsets still hold', () => {
    const raw = 'Hola\u00A0mundo\r\nlínea\u0007dos\rtres\u200B.';
    const clean = cleanText(raw);
    expect(clean).toHaveLength(raw.length);
    expect(clean).toBe('Hola mundo \nlínea dos\ntres .');
  });
});

describe('date scanning', () => {
  const dates = createDateFinder(createLexicon());
  const scan = (text: string, ref: string | null = '2026-10-14T09:30:00Z') =>
    dates.scan(text, ref).map((d) => [text.slice(d.start, d.end), d.iso, d.precision]);

  it('reads Spanish and English dates, months, years and weekdays', () => {
    expect(scan('Publicó el 2 de octubre de 2025 y el 31 de diciembre.')).toEqual([
      ['2 de octubre de 2025', '2025-10-02', 'dia'],
      ['31 de diciembre', '2026-12-31', 'dia'],
    ]);
    expect(scan('On October 5, 2026 it said; in March 2027 and since 2019.')).toEqual([
      ['October 5, 2026', '2026-10-05', 'dia'],
      ['March 2027', '2027-03', 'mes'],
      ['2019', '2019', 'año'],
    ]);
    expect(scan('Subió en octubre; el pasado domingo; el próximo lunes.')).toEqual([
      ['octubre', '2026-10', 'mes'],
      ['domingo', '2026-10-11', 'relativa'],
      ['lunes', '2026-10-19', 'relativa'],
    ]);
  });

  it('ignores month words that are not dates', () => {
    expect(scan('The fab may add jobs; marzo is a month name alone.')).toEqual([]);
    expect(scan('Llegó el 2 de octubre.', null)).toEqual([['2 de octubre', null, 'dia']]);
  });
});

describe('offline extractor offsets on arbitrary texts', () => {
  const extractor = createOfflineExtractor();
  const pieces = articleNames()
    .map(loadArticle)
    .flatMap((a) => a.contenido_texto.split(/(?<=\.)\s+/));
  const noise = [
    '  ',
    '\n',
    '\n\n',
    '«',
    '»',
    '"',
    '“',
    '”',
    '(',
    ')',
    ' 1.234 ',
    ' 5%',
    ' $3 billion',
    ' US$',
    '—',
    '\u00A0',
    '\r\n',
  ];

  it('every item of every phase points at its own text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...noise)), { minLength: 1, maxLength: 25 }),
        async (parts) => {
          const text = parts.join(' ').trim() || 'x';
          const fragment = { ...loadFragment('01-informe-fragmento.json'), texto_original: text };
          const r = await runPipeline(fragmentInput(fragment), { extractor });
          expect(r.advertencias.filter((w) => w.includes('falló'))).toEqual([]);
          for (const h of r.fase_2_extraccion.hechos_extraidos)
            expect(text.slice(h.offset_inicio_hecho, h.offset_fin_hecho)).toBe(h.texto_original_del_hecho);
          for (const e of r.fase_2_extraccion.entidades_extraidas)
            expect(text.slice(e.offset_inicio_entidad, e.offset_fin_entidad)).toBe(e.texto_entidad);
          for (const c of r.fase_3_citas_datos.citas_textuales_extraidas)
            expect(text.slice(c.offset_inicio_cita, c.offset_fin_cita)).toBe(c.texto_cita);
          for (const d of r.fase_3_citas_datos.datos_cuantitativos_extraidos)
            expect(d.descripcion_dato).toContain(text.slice(d.offset_inicio_dato, d.offset_fin_dato));
        },
      ),
      { numRuns: 60 },
    );
  });
});
