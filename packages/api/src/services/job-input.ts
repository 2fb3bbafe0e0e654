import type { Article, Fragment, JobMetadata, JobResultSummary, PipelineResult } from '@noticias/contract';
import type { PipelineInput } from '@noticias/pipeline';
import type { SubmitMode } from './submission.ts';

export type JobInput = { kind: 'articulo'; article: Article } | { kind: 'fragmento'; fragment: Fragment };

const TITULAR_MAX_CHARS = 100;

/**
 * The length the background threshold is measured on: raw `contenido_texto` for articles,
 * cleaned `texto_original` for fragments (the contract's rule; the fragment schema has already
 * cleaned the text by the time it gets here).
 */
export function contentLength(input: JobInput): number {
  return input.kind === 'articulo' ? input.article.contenido_texto.length : input.fragment.texto_original.length;
}

/**
 * Whether a submission is answered at once with its job (202) instead of with its result: mode
 * `async`, or `auto` (the default) for a text longer than `asyncThreshold`.
 */
export function runsInBackground(input: JobInput, mode: SubmitMode | undefined, asyncThreshold: number): boolean {
  const chosen = mode ?? 'auto';
  return chosen === 'async' || (chosen === 'auto' && contentLength(input) > asyncThreshold);
}

/** The text the pipeline's offsets point into. */
export function sourceText(input: JobInput): string {
  return input.kind === 'articulo' ? input.article.contenido_texto : input.fragment.texto_original;
}

export function jobMetadata(input: JobInput): JobMetadata {
  if (input.kind === 'articulo') {
    const { article } = input;
    return {
      tipo: 'articulo',
      medio: article.medio,
      titular: article.titular.slice(0, TITULAR_MAX_CHARS),
      fecha_publicacion: article.fecha_publicacion,
      longitud_contenido: article.contenido_texto.length,
    };
  }
  const { fragment } = input;
  return {
    tipo: 'fragmento',
    id_fragmento: fragment.id_fragmento,
    id_articulo_fuente: fragment.id_articulo_fuente,
    longitud_texto: fragment.texto_original.length,
    orden_en_articulo: fragment.orden_en_articulo,
  };
}

export function pipelineInput(input: JobInput, requestId: string, longArticleThreshold: number): PipelineInput {
  return input.kind === 'articulo'
    ? { kind: 'articulo', requestId, article: input.article, longArticleThreshold }
    : { kind: 'fragmento', requestId, fragment: input.fragment };
}

/**
 * What the tracker keeps of a result. Built from the result tree alone (never from how the job
 * ran) so foreground and background jobs get the same summary; counts are the lists' lengths,
 * which cannot drift from what the caller received.
 */
export function summarizeResult(result: PipelineResult): JobResultSummary {
  const seconds =
    'tiempo_procesamiento_articulo' in result
      ? result.tiempo_procesamiento_articulo
      : result.metricas.tiempo_total_segundos;
  return {
    fragmento_id: result.fragmento_id,
    fragmento_uuid: result.fragmento_uuid,
    tiempo_procesamiento_segundos: seconds,
    elementos_extraidos: {
      hechos: result.fase_2_extraccion.hechos_extraidos.length,
      entidades: result.fase_2_extraccion.entidades_extraidas.length,
      citas: result.fase_3_citas_datos.citas_textuales_extraidas.length,
      datos_cuantitativos: result.fase_3_citas_datos.datos_cuantitativos_extraidos.length,
    },
  };
}
