import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for.ts';
import { createLlmExtractor, PipelineError, runPipeline, type LlmExtractorConfig } from '../src/index.ts';
import { articleInput, inputText, loadArticle } from './helpers.ts';
import { startFakeLlmServer, type FakeLlmServer, type Phase, type Reply } from './support/fake-llm-server.ts';

const article = loadArticle('01-presupuestos-es.json');
const input = articleInput(article);
const text = inputText(input);
const firstSentence = text.slice(0, text.indexOf('. ') + 1);
const molinaQuote =
  'Estas cuentas se basan en una previsión de crecimiento del 2,4% que ningún organismo independiente comparte';

const GOOD = {
  triaje: {
    es_relevante: true,
    decision_triaje: 'PROCESAR',
    justificacion_triaje: 'Presupuestos del Estado.',
    categoria_principal: 'economía',
    palabras_clave_triaje: ['presupuestos', 'gasto'],
    puntuacion_triaje: 8.5,
    idioma_detectado: 'es',
    tipo_articulo: 'noticia',
  },
  extraccion: {
    hechos: [
      {
        texto: firstSentence,
        tipo_hecho: 'ANUNCIO',
        fecha_inicio: '2026-10-13',
        fecha_fin: null,
        precision_temporal: 'dia',
        pais: ['España'],
        region: [],
        ciudad: [],
        es_futuro: false,
        confianza: 0.9,
      },
    ],
    entidades: [
      { texto: 'Consejo de Ministros', tipo: 'INSTITUCION', descripcion: null, alias: [], relevancia: 0.8 },
      { texto: 'Andrés Molina', tipo: 'PERSONA', descripcion: 'portavoz del PP', alias: ['Molina'], relevancia: 0.7 },
      { texto: 'Molina', tipo: 'PERSONA', descripcion: null, alias: [], relevancia: 0.4 },
    ],
  },
  citas_datos: {
    citas: [{ texto: molinaQuote, persona_citada: 'Andrés Molina', relevancia: 4 }],
    datos: [
      {
        texto: '485.000 millones de euros',
        descripcion: 'gasto no financiero',
        valor: 485e9,
        unidad: 'EUR',
        fecha: '2027',
        categoria: 'presupuestario',
        tipo_periodo: 'anual',
        tendencia: null,
        variacion_porcentual: null,
        ambito_geografico: ['España'],
      },
    ],
  },
  normalizacion: {
    grupos: [{ nombre_normalizado: 'Andrés Molina', ids_entidades: [2, 3] }],
    entidad_entidad: [{ entidad_origen_id: 2, entidad_destino_id: 1, tipo_relacion: 'critica_a' }],
    hecho_hecho: [],
    contradicciones: [],
  },
} satisfies Record<Phase, unknown>;
const good = (phase: Phase): Reply => ({ content: JSON.stringify(GOOD[phase]) });

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function extractorFor(reply: (phase: Phase, attempt: number) => Reply, config: Partial<LlmExtractorConfig> = {}) {
  server = await startFakeLlmServer(reply);
  return createLlmExtractor({
    baseURL: server.baseURL,
    model: 'test-model',
    apiKey: 'sk-test',
    timeoutMs: 2_000,
    maxRetries: 2,
    ...config,
  });
}

const FALLBACK = /se usó el extractor offline/;

describe('LLM extractor against a local chat-completions server', () => {
  it('uses the model for every phase, with our prompts, model, key and JSON mode', async () => {
    const extractor = await extractorFor(good);
    const r = await runPipeline(input, { extractor });
    expect(server!.requests.map((q) => q.phase)).toEqual(['triaje', 'extraccion', 'citas_datos', 'normalizacion']);
    for (const q of server!.requests) {
      expect(q.body.model).toBe('test-model');
      expect(q.authorization).toBe('Bearer sk-test');
      expect(q.body.response_format).toEqual({ type: 'json_object' });
      expect(q.body.messages.at(-1)!.content).toContain(
        q.phase === 'normalizacion' ? 'Andrés Molina' : 'Consejo de Ministros',
      );
    }
    expect(r.advertencias).toEqual([]);
    expect(r.metricas.tasas_exito).toEqual({ fase1: true, fase2: true, fase3: true, fase4: true });
    expect(r.fase_1_triaje).toMatchObject({ puntuacion_triaje: 8.5, texto_para_siguiente_fase: text });
    const [hecho] = r.fase_2_extraccion.hechos_extraidos;
    expect(text.slice(hecho!.offset_inicio_hecho, hecho!.offset_fin_hecho)).toBe(firstSentence);
    expect(hecho!.vinculado_a_entidades).toEqual([1]);
    const molina = r.fase_2_extraccion.entidades_extraidas.find((e) => e.texto_entidad === 'Andrés Molina')!;
    expect(text.slice(molina.offset_inicio_entidad, molina.offset_fin_entidad)).toBe('Andrés Molina');
    const [cita] = r.fase_3_citas_datos.citas_textuales_extraidas;
    expect(text.slice(cita!.offset_inicio_cita, cita!.offset_fin_cita)).toBe(molinaQuote);
    expect(cita!.id_entidad_citada).toBe(molina.id_entidad);
    const [dato] = r.fase_3_citas_datos.datos_cuantitativos_extraidos;
    expect(text.slice(dato!.offset_inicio_dato, dato!.offset_fin_dato)).toBe('485.000 millones de euros');
    expect(
      r.fase_4_normalizacion.entidades_normalizadas.find((n) => n.nombre_normalizado === 'Andrés Molina')!
        .ids_entidades,
    ).toEqual([2, 3]);
    expect(
      r.fase_2_extraccion.entidades_extraidas.find((e) => e.texto_entidad === 'Molina')!.nombre_entidad_normalizada,
    ).toBe('Andrés Molina');
    expect(r.fase_4_normalizacion.relaciones.entidad_entidad).toEqual([
      { entidad_origen_id: 2, entidad_destino_id: 1, tipo_relacion: 'critica_a' },
    ]);
  });

  it('falls back to the offline extractor for a phase whose answer is not JSON, and says so', async () => {
    const extractor = await extractorFor((phase) =>
      phase === 'extraccion' ? { content: '{"hechos": [ esto no es JSON' } : good(phase),
    );
    const r = await runPipeline(input, { extractor });
    expect(r.advertencias).toHaveLength(1);
    expect(r.advertencias[0]).toMatch(/^Fase 2 \(extraccion\): .*JSON.*se usó el extractor offline/);
    // The offline extractor found what the model did not return.
    expect(r.fase_2_extraccion.entidades_extraidas.map((e) => e.texto_entidad)).toContain('Carmen Aguirre');
    expect(r.metricas.tasas_exito.fase2).toBe(true);
    expect(r.procesamiento_parcial).toBe(false);
  });

  it('drops items of the wrong shape or not in the text, with a warning, and keeps the rest', async () => {
    const bad = {
      hechos: [
        { texto: 'Una frase que el texto no contiene.', tipo_hecho: 'SUCESO' },
        { texto: firstSentence, tipo_hecho: 'INVENTADO' },
        GOOD.extraccion.hechos[0],
      ],
      entidades: [
        { texto: 'Carmen Aguirre', tipo: 'PERSONA' },
        { texto: 'Hacienda', tipo: 'MINISTERIO' },
        { tipo: 'LUGAR' },
        'texto suelto',
      ],
    };
    const extractor = await extractorFor((phase) =>
      phase === 'extraccion' ? { content: JSON.stringify(bad) } : good(phase),
    );
    const r = await runPipeline(input, { extractor });
    expect(r.fase_2_extraccion.entidades_extraidas.map((e) => e.texto_entidad)).toEqual(['Carmen Aguirre']);
    expect(r.fase_2_extraccion.hechos_extraidos).toHaveLength(1);
    const warnings = r.fase_2_extraccion.advertencias_extraccion.join(' | ');
    expect(warnings).toContain('1 hechos descartados');
    expect(warnings).toContain('3 entidades descartados');
    expect(warnings).toContain('1 elementos descartados: su texto no aparece literalmente');
    expect(r.advertencias.some((w) => w.startsWith('Fase 2 (extraccion): '))).toBe(true);
    expect(r.advertencias.some((w) => FALLBACK.test(w))).toBe(false);
  });

  it('falls back when the answer is JSON of the wrong shape', async () => {
    const extractor = await extractorFor((phase) =>
      phase === 'triaje' ? { content: JSON.stringify({ decision: 'sí' }) } : good(phase),
    );
    const r = await runPipeline(input, { extractor });
    expect(r.advertencias[0]).toMatch(/^Fase 1 \(triaje\): .*forma esperada.*se usó el extractor offline/);
    expect(r.fase_1_triaje.decision_triaje).toBe('PROCESAR');
  });

  it('retries a 429 after the Retry-After delay the server asked for', async () => {
    const extractor = await extractorFor((phase, attempt) =>
      phase === 'triaje' && attempt === 0
        ? { status: 429, headers: { 'retry-after': '0.3' }, body: { error: { message: 'rate limited' } } }
        : good(phase),
    );
    const r = await runPipeline(input, { extractor });
    const triage = server!.requests.filter((q) => q.phase === 'triaje');
    expect(triage).toHaveLength(2);
    // A generous lower bound only: the SDK waited at least about what was asked.
    expect(triage[1]!.at - triage[0]!.at).toBeGreaterThanOrEqual(250);
    expect(r.advertencias).toEqual([]);
    expect(r.fase_1_triaje.puntuacion_triaje).toBe(8.5);
  });

  it('retries a 500 and succeeds when the server recovers', async () => {
    const extractor = await extractorFor((phase, attempt) =>
      phase === 'citas_datos' && attempt < 2 ? { status: 500, headers: { 'retry-after-ms': '10' } } : good(phase),
    );
    const r = await runPipeline(input, { extractor });
    expect(server!.requests.filter((q) => q.phase === 'citas_datos')).toHaveLength(3);
    expect(r.advertencias).toEqual([]);
    expect(r.fase_3_citas_datos.citas_textuales_extraidas).toHaveLength(1);
  });

  it('falls back after the retries when the server keeps failing with 500', async () => {
    const extractor = await extractorFor(
      (phase) => (phase === 'normalizacion' ? { status: 503, headers: { 'retry-after-ms': '10' } } : good(phase)),
      { maxRetries: 1 },
    );
    const r = await runPipeline(input, { extractor });
    expect(server!.requests.filter((q) => q.phase === 'normalizacion')).toHaveLength(2);
    expect(r.advertencias).toHaveLength(1);
    expect(r.advertencias[0]).toMatch(/^Fase 4 \(normalizacion\): .*503.*se usó el extractor offline/);
    expect(r.metricas.tasas_exito.fase4).toBe(true);
  });

  it('gives up on a server that hangs past the timeout and falls back', async () => {
    const extractor = await extractorFor((phase) => (phase === 'triaje' ? { hang: true } : good(phase)), {
      timeoutMs: 200,
      maxRetries: 0,
    });
    const started = performance.now();
    const r = await runPipeline(input, { extractor });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(server!.requests.filter((q) => q.phase === 'triaje')).toHaveLength(1);
    expect(r.advertencias[0]).toMatch(/^Fase 1 \(triaje\): .*(timed out|Timeout).*se usó el extractor offline/i);
    expect(r.fase_1_triaje.idioma_detectado).toBe('es');
  });

  it('aborts the HTTP call when the run is cancelled, without falling back', async () => {
    const extractor = await extractorFor((phase) => (phase === 'extraccion' ? { hang: true } : good(phase)), {
      timeoutMs: 10_000,
    });
    const controller = new AbortController();
    const running = runPipeline(input, { extractor, signal: controller.signal });
    const outcome = running.then(
      () => null,
      (e: unknown) => e,
    );
    await waitFor('the extraction request', () => server!.requests.some((q) => q.phase === 'extraccion'));
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'PIPELINE_ABORTED', phase: 'extraccion' });
    // The server saw the connection dropped: the request itself was cancelled.
    await server!.requests.find((q) => q.phase === 'extraccion')!.closed;
    expect(server!.requests.filter((q) => q.phase === 'citas_datos')).toHaveLength(0);
  });

  it('sends nothing for a text over the size limit and uses the offline extractor', async () => {
    const extractor = await extractorFor(good, { maxInputChars: 500 });
    const r = await runPipeline(input, { extractor });
    expect(server!.requests).toHaveLength(0);
    expect(r.advertencias).toHaveLength(4);
    expect(r.advertencias.every((w) => /límite de 500.*se usó el extractor offline/.test(w))).toBe(true);
    expect(r.fase_3_citas_datos.citas_textuales_extraidas.length).toBeGreaterThan(0);
  });
});
