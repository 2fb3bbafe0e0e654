import { describe, expect, it } from 'vitest';
import type { PipelineResult } from '@noticias/contract';
import { createOfflineExtractor, runPipeline, type PipelineInput } from '../src/index.ts';
import {
  articleInput,
  articleNames,
  fragmentInput,
  fragmentNames,
  inputText,
  loadArticle,
  loadFragment,
} from './helpers.ts';

const extractor = createOfflineExtractor();
const run = (input: PipelineInput): Promise<PipelineResult> => runPipeline(input, { extractor });

const samples: [string, PipelineInput][] = [
  ...articleNames().map((n): [string, PipelineInput] => [n, articleInput(loadArticle(n))]),
  ...fragmentNames().map((n): [string, PipelineInput] => [n, fragmentInput(loadFragment(n))]),
];

// Who says each quote of five words or more in the samples, by the quote's first words.
const SPEAKERS: Record<string, string> = {
  'combinan responsabilidad fiscal': 'Carmen Aguirre',
  'Estas cuentas se basan': 'Andrés Molina',
  'La prioridad absoluta': 'Rafael Castro',
  'Estamos consolidando un sendero': 'Javier Ledesma',
  'Cuando se normalicen': 'Sofía Randazzo',
  'Primero damos forma': 'Jan Gehl',
  'Arizona gave us': 'Priya Raman',
  'si el otoño vuelve': 'Jorge Lasheras',
};

const QUOTED = /«([^»\n]+)»|“([^”\n]+)”|"([^"\n]+)"/g;
const PERCENT = /(\d+(?:[.,]\d+)?)\s?%/g;

function expectedQuotes(text: string): string[] {
  return [...text.matchAll(QUOTED)]
    .map((m) => (m[1] ?? m[2] ?? m[3]!).trim())
    .filter((q) => q.split(/\s+/).length >= 5);
}

describe('offline extractor on the shared samples', () => {
  it.each(samples)('%s: every item points at its own text', async (_name, input) => {
    const text = inputText(input);
    const r = await run(input);
    expect(r.procesamiento_exitoso).toBe(true);
    expect(r.procesamiento_parcial).toBe(false);
    expect(r.fase_2_extraccion.hechos_extraidos.length).toBeGreaterThan(0);
    for (const h of r.fase_2_extraccion.hechos_extraidos) {
      expect(text.slice(h.offset_inicio_hecho, h.offset_fin_hecho)).toBe(h.texto_original_del_hecho);
    }
    for (const e of r.fase_2_extraccion.entidades_extraidas) {
      expect(text.slice(e.offset_inicio_entidad, e.offset_fin_entidad)).toBe(e.texto_entidad);
    }
    for (const c of r.fase_3_citas_datos.citas_textuales_extraidas) {
      expect(text.slice(c.offset_inicio_cita, c.offset_fin_cita)).toBe(c.texto_cita);
    }
    for (const d of r.fase_3_citas_datos.datos_cuantitativos_extraidos) {
      const slice = text.slice(d.offset_inicio_dato, d.offset_fin_dato);
      expect(slice).toMatch(/\d/);
      expect(d.descripcion_dato).toContain(slice);
    }
  });

  it.each(samples)('%s: every quote of five words or more is found with its speaker', async (_name, input) => {
    const r = await run(input);
    const quotes = r.fase_3_citas_datos.citas_textuales_extraidas;
    const expected = expectedQuotes(inputText(input));
    for (const q of expected) {
      const found = quotes.find((c) => c.texto_cita === q);
      expect(found, q).toBeDefined();
      const speaker = Object.entries(SPEAKERS).find(([start]) => q.startsWith(start))?.[1];
      expect(speaker, `no expected speaker listed for «${q}»`).toBeDefined();
      expect(found!.persona_citada).toBe(speaker);
      const entity = r.fase_2_extraccion.entidades_extraidas.find((e) => e.id_entidad === found!.id_entidad_citada);
      expect(entity?.nombre_entidad_normalizada).toBe(speaker);
    }
  });

  it.each(samples)('%s: every percentage is found with its value and unit', async (_name, input) => {
    const text = inputText(input);
    const r = await run(input);
    const data = r.fase_3_citas_datos.datos_cuantitativos_extraidos;
    const language = r.fase_1_triaje.idioma_detectado;
    for (const m of text.matchAll(PERCENT)) {
      const value = Number(language === 'en' ? m[1] : m[1]!.replace(',', '.'));
      const found = data.find((d) => d.offset_inicio_dato === m.index);
      expect(found, m[0]).toBeDefined();
      expect(found!.valor_dato).toBeCloseTo(value, 6);
      expect(found!.unidad_dato).toBe('%');
    }
  });

  it('finds every currency amount with its scale and currency', async () => {
    const amounts: Record<string, [string, number, string][]> = {
      '01-presupuestos-es.json': [
        ['485.000 millones de euros', 485e9, 'EUR'],
        ['3.400 millones de euros', 3.4e9, 'EUR'],
        ['7.850 millones', 7.85e9, 'EUR'],
      ],
      '03-inflacion-ar.json': [['41.250 millones de dólares', 41.25e9, 'USD']],
      '04-opinion-es.json': [
        ['18.000 millones de pesos', 18e9, 'MXN'],
        ['900 millones', 9e8, 'MXN'],
      ],
      '05-chip-plant-en.json': [
        ['$12 billion', 12e9, 'USD'],
        ['$450 million', 4.5e8, 'USD'],
      ],
    };
    for (const [name, expected] of Object.entries(amounts)) {
      const input = articleInput(loadArticle(name));
      const text = inputText(input);
      const data = (await run(input)).fase_3_citas_datos.datos_cuantitativos_extraidos;
      for (const [surface, value, unit] of expected) {
        const found = data.find((d) => text.slice(d.offset_inicio_dato, d.offset_fin_dato) === surface);
        expect(found, `${name}: ${surface}`).toBeDefined();
        expect(found!.valor_dato).toBeCloseTo(value, 0);
        expect(found!.unidad_dato).toBe(unit);
        expect(['económico', 'presupuestario']).toContain(found!.metadata_dato.categoria);
      }
    }
  });

  it('finds counts with their units', async () => {
    const input = articleInput(loadArticle('02-incendio-es.json'));
    const text = inputText(input);
    const data = (await run(input)).fase_3_citas_datos.datos_cuantitativos_extraidos;
    const byText = new Map(data.map((d) => [text.slice(d.offset_inicio_dato, d.offset_fin_dato), d]));
    expect(byText.get('1.200 personas')).toMatchObject({ valor_dato: 1200, unidad_dato: 'personas' });
    expect(byText.get('2.300 hectáreas')).toMatchObject({ valor_dato: 2300, unidad_dato: 'hectáreas' });
    expect(byText.get('41 grados')).toMatchObject({ valor_dato: 41, unidad_dato: 'grados' });
    expect(byText.get('50 kilómetros por hora')).toMatchObject({ valor_dato: 50, unidad_dato: 'km/h' });
    expect(byText.get('2.300 hectáreas')!.metadata_dato.categoria).toBe('ambiental');
  });

  it('types people named with a title as PERSONA, with the title as description', async () => {
    const people: Record<string, string[]> = {
      '01-presupuestos-es.json': ['Carmen Aguirre', 'Andrés Molina'],
      '02-incendio-es.json': ['Rafael Castro', 'Tomás Herrero'],
      '03-inflacion-ar.json': ['Javier Ledesma', 'Sofía Randazzo'],
      '04-opinion-es.json': ['Jan Gehl', 'Patricia Salas'],
      '05-chip-plant-en.json': ['Priya Raman', 'Mark Ellison'],
    };
    for (const [name, names] of Object.entries(people)) {
      const entities = (await run(articleInput(loadArticle(name)))).fase_2_extraccion.entidades_extraidas;
      for (const person of names) {
        const e = entities.find((x) => x.texto_entidad === person);
        expect(e?.tipo_entidad, `${name}: ${person}`).toBe('PERSONA');
        expect(e?.metadata_entidad.descripcion, `${name}: ${person}`).toBeTruthy();
      }
    }
    const fragment = (await run(fragmentInput(loadFragment('01-informe-fragmento.json')))).fase_2_extraccion
      .entidades_extraidas;
    expect(fragment.find((e) => e.texto_entidad === 'Jorge Lasheras')?.tipo_entidad).toBe('PERSONA');
  });

  it('types bodies, organisations and places from cue words and the gazetteer', async () => {
    const r1 = await run(articleInput(loadArticle('01-presupuestos-es.json')));
    const type1 = new Map(r1.fase_2_extraccion.entidades_extraidas.map((e) => [e.texto_entidad, e.tipo_entidad]));
    expect(type1.get('Ministerio de Hacienda')).toBe('INSTITUCION');
    expect(type1.get('Partido Popular')).toBe('ORGANIZACION');
    expect(type1.get('Congreso de los Diputados')).toBe('INSTITUCION');
    const r2 = await run(articleInput(loadArticle('02-incendio-es.json')));
    const type2 = new Map(r2.fase_2_extraccion.entidades_extraidas.map((e) => [e.texto_entidad, e.tipo_entidad]));
    expect(type2.get('Agencia Estatal de Meteorología')).toBe('INSTITUCION');
    expect(type2.get('Ávila')).toBe('LUGAR');
    expect(type2.get('Navalosa')).toBe('LUGAR');
    const fire = r2.fase_2_extraccion.hechos_extraidos[0]!;
    expect(fire.metadata_hecho.ciudad).toContain('Navalosa');
    expect(fire.metadata_hecho.region).toContain('Ávila');
  });

  it('ties acronyms to their long form and merges surnames with the full name', async () => {
    const r = await run(articleInput(loadArticle('01-presupuestos-es.json')));
    const entities = r.fase_2_extraccion.entidades_extraidas;
    const long = entities.find((e) => e.texto_entidad === 'Autoridad Independiente de Responsabilidad Fiscal')!;
    expect(long.metadata_entidad.alias).toContain('AIReF');
    const acronym = entities.find((e) => e.texto_entidad === 'AIReF')!;
    expect(acronym.tipo_entidad).toBe('INSTITUCION');
    expect(acronym.id_entidad_normalizada).toBe(long.id_entidad_normalizada);
    expect(acronym.nombre_entidad_normalizada).toBe('Autoridad Independiente de Responsabilidad Fiscal');
    const molina = entities.find((e) => e.texto_entidad === 'Molina')!;
    expect(molina.tipo_entidad).toBe('PERSONA');
    expect(molina.nombre_entidad_normalizada).toBe('Andrés Molina');
    const group = r.fase_4_normalizacion.entidades_normalizadas.find((n) => n.nombre_normalizado === 'Andrés Molina')!;
    expect(group.alias).toContain('Molina');
    expect(group.ids_entidades).toHaveLength(2);
  });

  it('merges names that differ only in accents or case', async () => {
    const fragment = {
      ...loadFragment('01-informe-fragmento.json'),
      texto_original:
        'La ministra Ana Pérez presentó el plan el lunes. Después, Ana Perez anunció que el Gobierno aprobará el plan.',
    };
    const r = await run(fragmentInput(fragment));
    const names = r.fase_2_extraccion.entidades_extraidas.filter((e) => e.texto_entidad.startsWith('Ana'));
    expect(names.map((e) => e.texto_entidad)).toEqual(['Ana Pérez', 'Ana Perez']);
    expect(new Set(names.map((e) => e.id_entidad_normalizada)).size).toBe(1);
  });

  it('relates people to the bodies their role names, facts to entities, and finds contradictions', async () => {
    const r = await run(articleInput(loadArticle('01-presupuestos-es.json')));
    const entities = r.fase_2_extraccion.entidades_extraidas;
    const id = (text: string): number => entities.find((e) => e.texto_entidad === text)!.id_entidad;
    const rel = r.fase_4_normalizacion.relaciones;
    expect(rel.entidad_entidad).toContainEqual({
      entidad_origen_id: id('Andrés Molina'),
      entidad_destino_id: id('Partido Popular'),
      tipo_relacion: 'cargo_en',
    });
    const first = r.fase_2_extraccion.hechos_extraidos[0]!;
    expect(rel.hecho_entidad).toContainEqual(
      expect.objectContaining({ hecho_id: first.id_hecho, entidad_id: id('Consejo de Ministros') }),
    );
    // "previsión de crecimiento del 2,4%" (Molina) against "del 1,9%" (AIReF).
    const facts = r.fase_2_extraccion.hechos_extraidos;
    const withValue = (v: string): number => facts.find((h) => h.texto_original_del_hecho.includes(v))!.id_hecho;
    expect(rel.contradicciones).toContainEqual(
      expect.objectContaining({
        hecho_principal_id: withValue('2,4%'),
        hecho_contradictorio_id: withValue('1,9%'),
        tipo_contradiccion: 'valor_numerico',
      }),
    );
    expect(r.metricas.conteos_elementos.contradicciones).toBe(rel.contradicciones.length);
  });

  it('dates facts, resolving weekdays against the publication date, and marks future ones', async () => {
    const r = await run(articleInput(loadArticle('01-presupuestos-es.json')));
    const facts = r.fase_2_extraccion.hechos_extraidos;
    const fact = (start: string) => facts.find((h) => h.texto_original_del_hecho.startsWith(start))!;
    // Published on Wednesday 2026-10-14: "este martes" is the 13th.
    expect(fact('El Consejo de Ministros aprobó').metadata_hecho.fecha.inicio).toBe('2026-10-13');
    expect(fact('El Consejo de Ministros aprobó').metadata_hecho.es_futuro).toBe(false);
    expect(fact('La Autoridad Independiente').metadata_hecho.fecha.inicio).toBe('2026-10-02');
    expect(fact('La Autoridad Independiente').metadata_hecho.precision_temporal).toBe('dia');
    expect(fact('Según el documento').metadata_hecho.es_futuro).toBe(true);
    expect(fact('El Ejecutivo estima').metadata_hecho.es_futuro).toBe(true);
  });

  it('works on the English sample', async () => {
    const input = articleInput(loadArticle('05-chip-plant-en.json'));
    const text = inputText(input);
    const r = await run(input);
    expect(r.fase_1_triaje.idioma_detectado).toBe('en');
    const data = r.fase_3_citas_datos.datos_cuantitativos_extraidos;
    const find = (s: string) => data.find((d) => text.slice(d.offset_inicio_dato, d.offset_fin_dato) === s);
    expect(find('3,000 people')).toMatchObject({ valor_dato: 3000, unidad_dato: 'personas' });
    expect(find('4.8%')).toMatchObject({ valor_dato: 4.8, unidad_dato: '%' });
    expect(find('4.8%')!.metadata_dato.tendencia).toBe('alza');
    const types = new Map(r.fase_2_extraccion.entidades_extraidas.map((e) => [e.texto_entidad, e.tipo_entidad]));
    expect(types.get('Phoenix')).toBe('LUGAR');
    expect(types.get('Helion Semiconductor')).toBe('ORGANIZACION');
  });

  it('detects the language from the text when the declared one is wrong', async () => {
    const english = loadArticle('05-chip-plant-en.json');
    const r = await run(articleInput({ ...english, idioma: 'es' }));
    expect(r.fase_1_triaje.idioma_detectado).toBe('en');
    expect(r.fase_1_triaje.idioma_declarado).toBe('es');
  });

  it('triages: relevant news, an opinion piece and a law', async () => {
    const news = (await run(articleInput(loadArticle('01-presupuestos-es.json')))).fase_1_triaje;
    expect(news).toMatchObject({
      decision_triaje: 'PROCESAR',
      es_relevante: true,
      categoria_principal: 'economía',
      tipo_articulo: 'noticia',
    });
    expect(news.palabras_clave_triaje).toContain('presupuestos');
    expect(news.puntuacion_triaje).toBeGreaterThanOrEqual(6);
    const opinion = (await run(articleInput(loadArticle('04-opinion-es.json')))).fase_1_triaje;
    expect(opinion.tipo_articulo).toBe('opinion');
    const law = await run(fragmentInput(loadFragment('02-ley-fragmento.json')));
    expect(law.fase_1_triaje.tipo_articulo).toBe('normativa');
    expect(law.fase_2_extraccion.hechos_extraidos.every((h) => h.metadata_hecho.tipo_hecho === 'NORMATIVA')).toBe(true);
  });

  it('discards a text with nothing to report', async () => {
    const fragment = {
      ...loadFragment('01-informe-fragmento.json'),
      texto_original: 'Hola, qué tal. Todo bien por aquí, gracias.',
    };
    const r = await run(fragmentInput(fragment));
    expect(r.fase_1_triaje.decision_triaje).toBe('DESCARTAR');
    expect(r.fase_1_triaje.es_relevante).toBe(false);
  });

  it('is deterministic and its result survives structured cloning and JSON', async () => {
    const input = articleInput(loadArticle('03-inflacion-ar.json'));
    const a = await run(input);
    const b = await run(input);
    const strip = (r: PipelineResult) => ({
      ...r,
      fragmento_uuid: '',
      timestamp: '',
      metricas: { ...r.metricas, tiempos_fases: null, tiempo_total_segundos: 0 },
      tiempo_procesamiento_articulo: 0,
      metricas_contenido: null,
    });
    expect(strip(b)).toEqual(strip(a));
    expect(structuredClone(a)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
