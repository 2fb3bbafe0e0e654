import type { ArticleResult, FragmentResult, PipelineMetrics, PipelineResult } from '@noticias/contract';
import type { PipelineInput } from '../pipeline.ts';
import { fragmentId } from './document.ts';
import type { RunState } from './phases/phase-definition.ts';

export interface RunRecord {
  state: RunState;
  seconds: PipelineMetrics['tiempos_fases'];
  success: PipelineMetrics['tasas_exito'];
  warnings: string[];
  totalSeconds: number;
}

const round = (n: number, digits = 4): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function buildResult(input: PipelineInput, run: RunRecord, uuid: string, now: Date): PipelineResult {
  const { state } = run;
  const successes = Object.values(run.success).filter(Boolean).length;
  const phases = Object.keys(run.success).length;
  const rel = state.fase_4_normalizacion.relaciones;
  const fragment: FragmentResult = {
    fragmento_id: fragmentId(input),
    fragmento_uuid: uuid,
    request_id: input.requestId,
    fase_1_triaje: state.fase_1_triaje,
    fase_2_extraccion: state.fase_2_extraccion,
    fase_3_citas_datos: state.fase_3_citas_datos,
    fase_4_normalizacion: state.fase_4_normalizacion,
    procesamiento_exitoso: successes > 0,
    procesamiento_parcial: successes < phases,
    advertencias: run.warnings,
    timestamp: now.toISOString(),
    metricas: {
      tiempos_fases: {
        fase1: round(run.seconds.fase1),
        fase2: round(run.seconds.fase2),
        fase3: round(run.seconds.fase3),
        fase4: round(run.seconds.fase4),
      },
      conteos_elementos: {
        hechos_extraidos: state.fase_2_extraccion.hechos_extraidos.length,
        entidades_extraidas: state.fase_2_extraccion.entidades_extraidas.length,
        citas_extraidas: state.fase_3_citas_datos.citas_textuales_extraidas.length,
        datos_cuantitativos: state.fase_3_citas_datos.datos_cuantitativos_extraidos.length,
        entidades_normalizadas: state.fase_4_normalizacion.entidades_normalizadas.length,
        relaciones_hecho_hecho: rel.hecho_hecho.length,
        relaciones_entidad_entidad: rel.entidad_entidad.length,
        contradicciones: rel.contradicciones.length,
      },
      tasas_exito: run.success,
      tiempo_total_segundos: round(run.totalSeconds),
      tasa_exito_general: round(successes / phases, 2),
    },
  };
  if (input.kind === 'fragmento') return fragment;
  const a = input.article;
  const length = a.contenido_texto.length;
  // One literal with every key in the fragment's order, rather than a spread copy plus six keys:
  // the copy's property store grew key by key, a few microseconds per result.
  const f = fragment;
  const article: ArticleResult = {
    fragmento_id: f.fragmento_id,
    fragmento_uuid: f.fragmento_uuid,
    request_id: f.request_id,
    fase_1_triaje: f.fase_1_triaje,
    fase_2_extraccion: f.fase_2_extraccion,
    fase_3_citas_datos: f.fase_3_citas_datos,
    fase_4_normalizacion: f.fase_4_normalizacion,
    procesamiento_exitoso: f.procesamiento_exitoso,
    procesamiento_parcial: f.procesamiento_parcial,
    advertencias: f.advertencias,
    timestamp: f.timestamp,
    metricas: f.metricas,
    tipo_procesamiento: 'articulo_completo',
    articulo_original: {
      medio: a.medio,
      titular: a.titular,
      fecha_publicacion: a.fecha_publicacion,
      url: a.url ?? null,
    },
    numero_fragmentos: 1,
    tiempo_procesamiento_articulo: round(run.totalSeconds),
    metricas_contenido: {
      longitud_caracteres: length,
      es_articulo_largo: length > input.longArticleThreshold,
      threshold_articulo_largo: input.longArticleThreshold,
      tiempo_por_caracter_ms: round((run.totalSeconds * 1000) / Math.max(1, length), 6),
    },
  };
  return article;
}
