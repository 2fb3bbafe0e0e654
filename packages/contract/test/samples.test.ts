import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplesDir } from '../../../test/support/repo.ts';
import { parseArticle, parseFragment } from '../src/index.ts';

const samples = samplesDir();
const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(samples, dir, file), 'utf8'));
const files = (dir: string) => readdirSync(join(samples, dir)).filter((f) => f.endsWith('.json'));

describe('valid samples', () => {
  it.each(files('articles'))('article %s parses with defaults filled in', (file) => {
    const parsed = parseArticle(read('articles', file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.contenido_texto.trim().length).toBeGreaterThanOrEqual(50);
    expect(parsed.value.idioma).toMatch(/^[a-z]{2}/);
    expect(parsed.value.etiquetas_fuente).toBeInstanceOf(Array);
    expect(parsed.value.fecha_recopilacion).toMatch(/Z$|[+-]\d\d:?\d\d$/);
  });

  it.each(files('fragments'))('fragment %s parses', (file) => {
    const parsed = parseFragment(read('fragments', file));
    expect(parsed.ok).toBe(true);
  });

  it('accepts the wrapped forms', () => {
    const article = read('articles', files('articles')[0]!);
    const fragment = read('fragments', files('fragments')[0]!);
    expect(parseArticle({ articulo: article }).ok).toBe(true);
    expect(parseFragment({ fragmento: fragment }).ok).toBe(true);
  });
});

describe('invalid samples', () => {
  const detalles = (result: ReturnType<typeof parseArticle> | ReturnType<typeof parseFragment>) =>
    result.ok ? [] : result.detalles;

  it('missing fields: one "es requerido" line per missing field', () => {
    expect(detalles(parseArticle(read('invalid', 'missing-fields.json')))).toEqual([
      "Campo 'medio' es requerido",
      "Campo 'pais_publicacion' es requerido",
      "Campo 'tipo_medio' es requerido",
      "Campo 'fecha_publicacion' es requerido",
      "Campo 'contenido_texto' es requerido",
    ]);
  });

  it('short content', () => {
    expect(detalles(parseArticle(read('invalid', 'short-content.json')))).toEqual([
      "Campo 'contenido_texto' debe tener al menos 50 caracteres",
    ]);
  });

  it('bad date', () => {
    expect(detalles(parseArticle(read('invalid', 'bad-date.json')))).toEqual([
      "Campo 'fecha_publicacion' debe ser una fecha ISO 8601 (YYYY-MM-DD o fecha y hora)",
    ]);
  });

  it('wrong types: a line per field naming what was received', () => {
    expect(detalles(parseArticle(read('invalid', 'wrong-types.json')))).toEqual([
      "Campo 'medio' debe ser texto (recibido: lista)",
      "Campo 'pais_publicacion' es requerido",
      "Campo 'tipo_medio' debe ser texto (recibido: booleano)",
      "Campo 'titular' debe ser texto (recibido: número)",
      "Campo 'fecha_publicacion' debe ser una fecha ISO 8601 (recibido: número)",
      "Campo 'contenido_texto' debe ser texto (recibido: objeto)",
      "Campo 'etiquetas_fuente' debe ser una lista de textos (recibido: texto)",
    ]);
  });

  it('fragment with blank ids, blank text and negative order', () => {
    expect(detalles(parseFragment(read('invalid', 'fragment-empty-text.json')))).toEqual([
      "Campo 'id_fragmento' no puede estar vacío",
      "Campo 'texto_original' no puede estar vacío",
      "Campo 'orden_en_articulo' debe ser un entero mayor o igual que 0",
    ]);
  });

  it('a body that is not an object', () => {
    expect(detalles(parseArticle([1, 2]))).toEqual(['El artículo debe ser un objeto JSON (recibido: lista)']);
    expect(detalles(parseFragment('x'))).toEqual(['El fragmento debe ser un objeto JSON (recibido: string)']);
  });
});

describe('article rules', () => {
  const base = {
    medio: ' Medio ',
    pais_publicacion: 'España',
    tipo_medio: 'digital',
    titular: 'Titular',
    fecha_publicacion: '2026-01-15',
    contenido_texto: 'x'.repeat(60),
  };

  it('trims, fills defaults and drops unknown fields', () => {
    const parsed = parseArticle({ ...base, idioma: '', desconocido: 1 });
    expect(parsed.ok && parsed.value).toMatchObject({
      medio: 'Medio',
      idioma: 'es',
      es_opinion: false,
      es_oficial: true,
      estado_procesamiento: 'pendiente_connector',
      etiquetas_fuente: [],
      autor: null,
    });
    expect(parsed.ok && 'desconocido' in parsed.value).toBe(false);
    expect(parseArticle({ ...base, idioma: null }).ok && parseArticle({ ...base, idioma: null })).toMatchObject({
      value: { idioma: 'es' },
    });
  });

  it.each(['2026-01-15T10:00:00Z', '2026-01-15T10:00:00', '2026-01-15T10:00:00.123+02:00', '2026-01-15T10:00+0200'])(
    'accepts the date-time %s',
    (fecha_publicacion) => expect(parseArticle({ ...base, fecha_publicacion }).ok).toBe(true),
  );

  it.each(['2026-02-30', '2026-13-01', '15/01/2026', '2026-01-15T25:00:00Z'])(
    'rejects the date %s',
    (fecha_publicacion) => expect(parseArticle({ ...base, fecha_publicacion }).ok).toBe(false),
  );

  it('counts the 50 characters after trimming', () => {
    expect(parseArticle({ ...base, contenido_texto: `   ${'a'.repeat(49)}    ` }).ok).toBe(false);
    expect(parseArticle({ ...base, contenido_texto: `   ${'a'.repeat(50)}    ` }).ok).toBe(true);
  });
});

describe('fragment rules', () => {
  const base = { id_fragmento: ' f1 ', id_articulo_fuente: 'a1', texto_original: 'Texto' };

  it('cleans control characters and spaces, keeping line breaks', () => {
    const parsed = parseFragment({ ...base, texto_original: '  Uno\u0007dos   tres\r\n\tCuatro  \u0000 cinco ' });
    expect(parsed.ok && parsed.value.texto_original).toBe('Uno dos tres\nCuatro cinco');
    expect(parsed.ok && parsed.value.id_fragmento).toBe('f1');
  });

  it('drops an invalid url_fuente and keeps a valid one', () => {
    const bad = parseFragment({ ...base, metadata_adicional: { url_fuente: 'ftp://x', otro: 1 } });
    expect(bad.ok && bad.value.metadata_adicional).toEqual({ otro: 1 });
    const good = parseFragment({ ...base, metadata_adicional: { url_fuente: 'https://a.example/x' } });
    expect(good.ok && good.value.metadata_adicional).toEqual({ url_fuente: 'https://a.example/x' });
  });

  it('needs 50 characters when requiere_revision_especial is true', () => {
    const meta = { requiere_revision_especial: true };
    expect(parseFragment({ ...base, metadata_adicional: meta }).ok).toBe(false);
    expect(parseFragment({ ...base, texto_original: 'b'.repeat(50), metadata_adicional: meta }).ok).toBe(true);
  });

  it('limits ids to 255 characters', () => {
    expect(parseFragment({ ...base, id_fragmento: 'x'.repeat(256) }).ok).toBe(false);
    expect(parseFragment({ ...base, id_fragmento: 'x'.repeat(255) }).ok).toBe(true);
  });
});
