import { z } from 'zod';

// What we ask the model to answer, phase by phase. Envelopes are lenient (missing lists become
// empty); items are checked one by one so that a bad item is dropped, not the whole answer.
const text = z.string().trim().min(1);
const nullableText = z
  .string()
  .trim()
  .min(1)
  .nullish()
  .transform((v) => v ?? null);
const strings = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const items = z
  .array(z.unknown())
  .nullish()
  .transform((v) => v ?? []);

export const TriageAnswer = z.object({
  es_relevante: z.boolean(),
  decision_triaje: z.enum(['PROCESAR', 'CONSIDERAR', 'DESCARTAR']),
  justificacion_triaje: z.string(),
  categoria_principal: z.string(),
  palabras_clave_triaje: strings,
  puntuacion_triaje: z.number().min(0).max(10),
  idioma_detectado: z.string().min(2).max(8),
  tipo_articulo: z.string().nullish(),
});

export const ExtractionAnswer = z.object({ hechos: items, entidades: items });
export const FactItem = z.object({
  texto: text,
  tipo_hecho: z.enum(['SUCESO', 'ANUNCIO', 'DECLARACION', 'BIOGRAFIA', 'CONCEPTO', 'NORMATIVA', 'EVENTO']),
  fecha_inicio: nullableText,
  fecha_fin: nullableText,
  precision_temporal: z.string().nullish(),
  pais: strings,
  region: strings,
  ciudad: strings,
  es_futuro: z.boolean().nullish(),
  confianza: z.number().min(0).max(1).nullish(),
});
export const EntityItem = z.object({
  texto: text,
  tipo: z.enum(['PERSONA', 'ORGANIZACION', 'INSTITUCION', 'LUGAR', 'EVENTO', 'NORMATIVA', 'CONCEPTO']),
  descripcion: nullableText,
  alias: strings,
  relevancia: z.number().min(0).max(1).nullish(),
});

export const QuotesDataAnswer = z.object({ citas: items, datos: items });
export const QuoteItem = z.object({
  texto: text,
  persona_citada: nullableText,
  relevancia: z.number().int().min(1).max(5).nullish(),
});
export const DataItem = z.object({
  texto: text,
  descripcion: z.string().nullish(),
  valor: z.number(),
  unidad: nullableText,
  fecha: nullableText,
  categoria: z
    .enum([
      'económico',
      'demográfico',
      'electoral',
      'social',
      'presupuestario',
      'sanitario',
      'ambiental',
      'conflicto',
      'otro',
    ])
    .catch('otro'),
  tipo_periodo: nullableText,
  tendencia: nullableText,
  variacion_porcentual: z.number().nullish(),
  ambito_geografico: strings,
});

export const NormalisationAnswer = z.object({
  grupos: items,
  entidad_entidad: items,
  hecho_hecho: items,
  contradicciones: items,
});
const id = z.number().int().positive();
export const GroupItem = z.object({ nombre_normalizado: text, ids_entidades: z.array(id).min(1) });
export const EntityRelationItem = z.object({ entidad_origen_id: id, entidad_destino_id: id, tipo_relacion: text });
export const FactRelationItem = z.object({
  hecho_origen_id: id,
  hecho_destino_id: id,
  tipo_relacion: text,
  fuerza_relacion: z.number().min(0).max(1).catch(0.5),
});
export const ContradictionItem = z.object({
  hecho_principal_id: id,
  hecho_contradictorio_id: id,
  tipo_contradiccion: text,
  grado_contradiccion: z.number().int().min(1).max(5).catch(3),
});

/** Items that pass `schema`; the rest are counted so the caller can warn about them. */
export function validItems<T>(list: readonly unknown[], schema: z.ZodType<T>): { items: T[]; dropped: number } {
  const out: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return { items: out, dropped: list.length - out.length };
}
