import type { PipelineResult } from '@noticias/client';

export type SpanKind = 'entidad' | 'cita' | 'dato';

export interface TextSpan {
  key: string;
  kind: SpanKind;
  id: number;
  start: number;
  end: number;
}

export interface Segment {
  start: number;
  end: number;
  /** The spans covering this piece of text, shortest first (the one a click selects). */
  spans: TextSpan[];
}

export const spanKey = (kind: SpanKind, id: number): string => `${kind}-${id}`;

/** The entities, quotes and figures of a result as spans of the text their offsets point into. */
export function spansOf(result: PipelineResult, textLength: number): TextSpan[] {
  const spans: TextSpan[] = [];
  const add = (kind: SpanKind, id: number, start: number, end: number) => {
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= textLength) {
      spans.push({ key: spanKey(kind, id), kind, id, start, end });
    }
  };
  for (const e of result.fase_2_extraccion.entidades_extraidas)
    add('entidad', e.id_entidad, e.offset_inicio_entidad, e.offset_fin_entidad);
  for (const c of result.fase_3_citas_datos.citas_textuales_extraidas)
    add('cita', c.id_cita, c.offset_inicio_cita, c.offset_fin_cita);
  for (const d of result.fase_3_citas_datos.datos_cuantitativos_extraidos) {
    add('dato', d.id_dato_cuantitativo, d.offset_inicio_dato, d.offset_fin_dato);
  }
  return spans;
}

/**
 * Cuts the text at every span boundary, so overlapping spans (an entity inside a quote) become
 * runs of pieces that each know every span covering them. Pieces covered by nothing are left out.
 */
export function segmentsOf(spans: readonly TextSpan[]): Segment[] {
  const cuts = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const covering = spans.filter((s) => s.start <= start && s.end >= end);
    if (covering.length > 0) {
      covering.sort((a, b) => a.end - a.start - (b.end - b.start));
      segments.push({ start, end, spans: covering });
    }
  }
  return segments;
}
