import { describe, expect, it } from 'vitest';
import type { PipelinePhase } from '@noticias/contract';
import { PIPELINE_PHASES } from '@noticias/contract';
import {
  createOfflineExtractor,
  createPipeline,
  PipelineError,
  runPipeline,
  type Extractor,
  type PhaseReport,
} from '../src/index.ts';
import { articleInput, articleNames, fragmentInput, fragmentNames, loadArticle, loadFragment } from './helpers.ts';

const offline = createOfflineExtractor();
const article = loadArticle('01-presupuestos-es.json');

/** The offline extractor, except that `failing` throws. */
function failingIn(...failing: PipelinePhase[]): Extractor {
  return {
    kind: 'offline',
    runPhase(phase, input, signal) {
      if (failing.includes(phase)) throw new Error(`fallo simulado en ${phase}`);
      return offline.runPhase(phase, input, signal);
    },
  };
}

describe('runPipeline', () => {
  it('reports each phase with its index, share done and a Spanish message', async () => {
    const reports: PhaseReport[] = [];
    await runPipeline(articleInput(article), { extractor: offline, onPhase: (r) => reports.push(r) });
    expect(reports.map((r) => r.phase)).toEqual([...PIPELINE_PHASES]);
    expect(reports.map((r) => [r.index, r.count, r.percentage])).toEqual([
      [1, 4, 0],
      [2, 4, 25],
      [3, 4, 50],
      [4, 4, 75],
    ]);
    expect(reports[1]!.message).toBe('Fase 2/4: extracción de hechos y entidades');
    expect(reports[0]!.message).toBe('Fase 1/4: triaje y relevancia');
  });

  it('degrades a failing phase and still returns a result', async () => {
    const r = await runPipeline(articleInput(article), { extractor: failingIn('extraccion') });
    expect(r.fase_2_extraccion.hechos_extraidos).toEqual([]);
    expect(r.fase_2_extraccion.entidades_extraidas).toEqual([]);
    expect(r.fase_2_extraccion.advertencias_extraccion).toEqual(['fallo simulado en extraccion']);
    expect(r.advertencias).toEqual(['Fase 2 (extraccion) falló y se omitió: fallo simulado en extraccion']);
    expect(r.metricas.tasas_exito).toEqual({ fase1: true, fase2: false, fase3: true, fase4: true });
    expect(r.metricas.tasa_exito_general).toBe(0.75);
    expect(r.procesamiento_parcial).toBe(true);
    expect(r.procesamiento_exitoso).toBe(true);
    // Later phases go on without phase 2: quotes are still found, with speakers as the sentence
    // names them (no entity list to expand "Molina" to the full name).
    expect(r.fase_3_citas_datos.citas_textuales_extraidas.map((c) => c.persona_citada)).toEqual([
      'Carmen Aguirre',
      'Molina',
    ]);
    expect(r.fase_3_citas_datos.citas_textuales_extraidas.every((c) => c.id_entidad_citada === null)).toBe(true);
  });

  it('keeps going when phase 1 fails, working out the language again', async () => {
    const r = await runPipeline(articleInput(loadArticle('05-chip-plant-en.json')), { extractor: failingIn('triaje') });
    expect(r.fase_1_triaje.justificacion_triaje).toBe('Triaje no disponible: fallo simulado en triaje');
    expect(r.metricas.tasas_exito.fase1).toBe(false);
    expect(r.fase_3_citas_datos.datos_cuantitativos_extraidos.find((d) => d.unidad_dato === 'USD')?.valor_dato).toBe(
      12e9,
    );
  });

  it('returns a result even when every phase fails', async () => {
    const r = await runPipeline(fragmentInput(loadFragment('02-ley-fragmento.json')), {
      extractor: failingIn(...PIPELINE_PHASES),
    });
    expect(r.procesamiento_exitoso).toBe(false);
    expect(r.procesamiento_parcial).toBe(true);
    expect(r.metricas.tasa_exito_general).toBe(0);
    expect(r.advertencias).toHaveLength(4);
    expect(r.fase_4_normalizacion.estado_general_normalizacion).toBe('fallido');
  });

  it('stops between phases when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const running = runPipeline(articleInput(article), {
      extractor: offline,
      signal: controller.signal,
      onPhase: (r) => {
        seen.push(r.phase);
        if (r.phase === 'extraccion') controller.abort();
      },
    });
    await expect(running).rejects.toMatchObject({
      name: 'PipelineError',
      code: 'PIPELINE_ABORTED',
      phase: 'extraccion',
    });
    expect(seen).toEqual(['triaje', 'extraccion']);
  });

  it('rejects at once with a signal that is already aborted', async () => {
    const error = await runPipeline(articleInput(article), { extractor: offline, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'PIPELINE_ABORTED', phase: 'triaje' });
  });

  it('survives a progress listener that throws', async () => {
    const r = await runPipeline(articleInput(article), {
      extractor: offline,
      onPhase: () => {
        throw new Error('listener roto');
      },
    });
    expect(r.metricas.tasas_exito).toEqual({ fase1: true, fase2: true, fase3: true, fase4: true });
  });

  it('adds the article fields to an article result', async () => {
    const r = await runPipeline(
      { kind: 'articulo', requestId: 'req_aaaaaaaaaaaaaaaaaaaaaaaa', article, longArticleThreshold: 1000 },
      { extractor: offline },
    );
    expect(r).toMatchObject({
      fragmento_id: 'https://diariodelsur.example/economia/presupuestos-2027_fragmento_unico',
      request_id: 'req_aaaaaaaaaaaaaaaaaaaaaaaa',
      tipo_procesamiento: 'articulo_completo',
      numero_fragmentos: 1,
      articulo_original: {
        medio: 'Diario del Sur',
        titular: article.titular,
        fecha_publicacion: article.fecha_publicacion,
        url: article.url,
      },
      metricas_contenido: {
        longitud_caracteres: article.contenido_texto.length,
        es_articulo_largo: true,
        threshold_articulo_largo: 1000,
      },
    });
    expect(r.fragmento_uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(r.metricas.conteos_elementos.hechos_extraidos).toBe(r.fase_2_extraccion.hechos_extraidos.length);
    expect(r.metricas.conteos_elementos.entidades_normalizadas).toBe(
      r.fase_4_normalizacion.entidades_normalizadas.length,
    );
  });

  it('gives an article without url a fragment id from the request id', async () => {
    const noUrl = loadArticle('02-incendio-es.json');
    expect(noUrl.url).toBeNull();
    const r = await runPipeline(articleInput(noUrl, 'req_bbbbbbbbbbbbbbbbbbbbbbbb'), { extractor: offline });
    expect(r.fragmento_id).toBe('req_bbbbbbbbbbbbbbbbbbbbbbbb_fragmento_unico');
    expect('metricas_contenido' in r && r.metricas_contenido.es_articulo_largo).toBe(false);
  });

  it('returns a fragment result without article fields', async () => {
    const r = await runPipeline(fragmentInput(loadFragment('01-informe-fragmento.json')), { extractor: offline });
    expect(r.fragmento_id).toBe('informe-agua-2026-frag-003');
    expect('tipo_procesamiento' in r).toBe(false);
  });
});

/** The path of the first node that is not JSON or is reached a second time, or null for a JSON tree. */
function firstNonTreeNode(value: unknown, path = '$', seen = new Set<object>()): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (typeof value !== 'object' || seen.has(value)) return path;
  seen.add(value);
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = firstNonTreeNode(child, `${path}.${key}`, seen);
    if (found !== null) return found;
  }
  return null;
}

describe('results are JSON trees', () => {
  // Callers get results through JSON and superjson; a node shared between two places (or a
  // Date, undefined, NaN) would come back differently from each and cost superjson a full walk.
  it.each([...articleNames().map((n) => ['articles', n]), ...fragmentNames().map((n) => ['fragments', n])])(
    '%s/%s',
    async (dir, name) => {
      const input = dir === 'articles' ? articleInput(loadArticle(name)) : fragmentInput(loadFragment(name));
      expect(firstNonTreeNode(await runPipeline(input, { extractor: offline }))).toBeNull();
    },
  );
});

describe('createPipeline with workers = 0', () => {
  it('runs inline and refuses runs once closed', async () => {
    const pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 0 });
    const r = await pipeline.run(fragmentInput(loadFragment('01-informe-fragmento.json')));
    expect(r.fase_3_citas_datos.citas_textuales_extraidas[0]?.persona_citada).toBe('Jorge Lasheras');
    await pipeline.close();
    await expect(pipeline.run(fragmentInput(loadFragment('01-informe-fragmento.json')))).rejects.toMatchObject({
      code: 'PIPELINE_CLOSED',
    });
  });

  it('rejects a pool size that is not a non-negative integer', () => {
    expect(() => createPipeline({ extractor: { kind: 'offline' }, workers: -1 })).toThrow(RangeError);
    expect(() => createPipeline({ extractor: { kind: 'offline' }, workers: 1.5 })).toThrow(RangeError);
  });

  it('rejects a worker nice value outside 0..19', () => {
    for (const workerNice of [-1, 20, 2.5]) {
      expect(() => createPipeline({ extractor: { kind: 'offline' }, workers: 0, workerNice })).toThrow(RangeError);
    }
  });
});
