import {
  PIPELINE_PHASES,
  type ArticleResult,
  type FragmentResult,
  type PipelinePhase,
  type PipelineResult,
} from '@noticias/contract';
import type { Pipeline, PipelineInput, RunOptions } from '@noticias/pipeline';

// A pipeline whose timing and failures the test controls. Legitimate only for ordering and
// failure cases; the server's end-to-end tests use the real pipeline.

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const items = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i + 1));

/** A minimal but well-formed result tree with the given numbers of items. */
export function fakeResult(
  input: PipelineInput,
  counts = { hechos: 2, entidades: 3, citas: 1, datos: 1 },
): PipelineResult {
  const fragmentId =
    input.kind === 'articulo' ? `${input.article.url ?? 'articulo'}_fragmento_unico` : input.fragment.id_fragmento;
  const base: FragmentResult = {
    fragmento_id: fragmentId,
    fragmento_uuid: '00000000-0000-4000-8000-000000000001',
    request_id: input.requestId,
    fase_1_triaje: {
      es_relevante: true,
      decision_triaje: 'PROCESAR',
      justificacion_triaje: 'prueba',
      categoria_principal: 'economía',
      palabras_clave_triaje: [],
      puntuacion_triaje: 8,
      idioma_detectado: 'es',
      texto_para_siguiente_fase: 'texto',
    },
    fase_2_extraccion: {
      hechos_extraidos: items(counts.hechos, (i) => ({
        id_hecho: i,
        texto_original_del_hecho: `hecho ${i}`,
        confianza_extraccion: 0.9,
        offset_inicio_hecho: 0,
        offset_fin_hecho: 5,
        metadata_hecho: {
          tipo_hecho: 'SUCESO',
          precision_temporal: 'dia',
          fecha: { inicio: null, fin: null },
          pais: [],
          region: [],
          ciudad: [],
          es_futuro: false,
        },
        vinculado_a_entidades: [],
      })),
      entidades_extraidas: items(counts.entidades, (i) => ({
        id_entidad: i,
        texto_entidad: `entidad ${i}`,
        tipo_entidad: 'PERSONA',
        relevancia_entidad: 0.5,
        offset_inicio_entidad: 0,
        offset_fin_entidad: 3,
        metadata_entidad: { alias: [], descripcion: null },
        nombre_entidad_normalizada: null,
        id_entidad_normalizada: null,
      })),
      resumen_extraccion: '',
      advertencias_extraccion: [],
    },
    fase_3_citas_datos: {
      citas_textuales_extraidas: items(counts.citas, (i) => ({
        id_cita: i,
        texto_cita: 'cita',
        persona_citada: null,
        id_entidad_citada: null,
        offset_inicio_cita: 0,
        offset_fin_cita: 4,
        contexto_cita: '',
        metadata_cita: { hecho_id: null, relevancia: 3 },
      })),
      datos_cuantitativos_extraidos: items(counts.datos, (i) => ({
        id_dato_cuantitativo: i,
        descripcion_dato: 'dato',
        valor_dato: 1,
        unidad_dato: null,
        fecha_dato: null,
        offset_inicio_dato: 0,
        offset_fin_dato: 1,
        metadata_dato: {
          categoria: 'otro',
          tipo_periodo: null,
          tendencia: null,
          variacion_porcentual: null,
          ambito_geografico: [],
        },
      })),
      advertencias_citas_datos: [],
    },
    fase_4_normalizacion: {
      entidades_normalizadas: [],
      resumen_normalizacion: '',
      estado_general_normalizacion: 'completo',
      relaciones: { hecho_entidad: [], hecho_hecho: [], entidad_entidad: [], contradicciones: [] },
    },
    procesamiento_exitoso: true,
    procesamiento_parcial: false,
    advertencias: [],
    timestamp: '2026-01-01T00:00:00.000Z',
    metricas: {
      tiempos_fases: { fase1: 0.01, fase2: 0.01, fase3: 0.01, fase4: 0.01 },
      conteos_elementos: {
        hechos_extraidos: counts.hechos,
        entidades_extraidas: counts.entidades,
        citas_extraidas: counts.citas,
        datos_cuantitativos: counts.datos,
        entidades_normalizadas: 0,
        relaciones_hecho_hecho: 0,
        relaciones_entidad_entidad: 0,
        contradicciones: 0,
      },
      tasas_exito: { fase1: true, fase2: true, fase3: true, fase4: true },
      tiempo_total_segundos: 0.04,
      tasa_exito_general: 1,
    },
  };
  if (input.kind === 'fragmento') return base;
  const article: ArticleResult = {
    ...base,
    tipo_procesamiento: 'articulo_completo',
    articulo_original: {
      medio: input.article.medio,
      titular: input.article.titular,
      fecha_publicacion: input.article.fecha_publicacion,
      url: input.article.url,
    },
    numero_fragmentos: 1,
    tiempo_procesamiento_articulo: 0.05,
    metricas_contenido: {
      longitud_caracteres: input.article.contenido_texto.length,
      es_articulo_largo: input.article.contenido_texto.length > input.longArticleThreshold,
      threshold_articulo_largo: input.longArticleThreshold,
      tiempo_por_caracter_ms: 0.001,
    },
  };
  return article;
}

/** Reports each phase in order, like the real pipeline, stopping before `until` when given. */
export function reportPhases(options: RunOptions | undefined, until?: PipelinePhase): void {
  for (const [i, phase] of PIPELINE_PHASES.entries()) {
    if (phase === until) return;
    options?.onPhase?.({
      phase,
      index: i + 1,
      count: PIPELINE_PHASES.length,
      percentage: i * 25,
      message: `Fase ${i + 1}: ${phase}`,
    });
  }
}

export type RunBehaviour = (input: PipelineInput, options: RunOptions | undefined) => Promise<PipelineResult>;

export interface FakePipeline extends Pipeline {
  readonly runs: PipelineInput[];
  readonly signals: AbortSignal[];
  closed: boolean;
}

/** By default: every phase reported, then a result. */
export function createFakePipeline(behaviour?: RunBehaviour): FakePipeline {
  const pipeline: FakePipeline = {
    runs: [],
    signals: [],
    closed: false,
    async run(input, options) {
      pipeline.runs.push(input);
      if (options?.signal) pipeline.signals.push(options.signal);
      if (behaviour) return behaviour(input, options);
      reportPhases(options);
      return fakeResult(input);
    },
    async close() {
      pipeline.closed = true;
    },
  };
  return pipeline;
}
