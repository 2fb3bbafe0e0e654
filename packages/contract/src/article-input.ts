import { z } from 'zod';
import { isIsoDateOrDateTime, isIsoDateTime } from './internal/dates.ts';
import { fieldError, optionalBoolean, optionalText, requiredText } from './internal/field-errors.ts';

export const MIN_CONTENT_CHARS = 50;

const publicationDate = z
  .string({ error: fieldError('fecha_publicacion', 'una fecha ISO 8601') })
  .trim()
  .refine(isIsoDateOrDateTime, {
    error: "Campo 'fecha_publicacion' debe ser una fecha ISO 8601 (YYYY-MM-DD o fecha y hora)",
  });

// The threshold for background processing uses the raw text, so the raw string is kept and
// only the length check looks at the trimmed one.
const contentText = z
  .string({ error: fieldError('contenido_texto', 'texto') })
  .refine((v) => v.trim().length >= MIN_CONTENT_CHARS, {
    error: `Campo 'contenido_texto' debe tener al menos ${MIN_CONTENT_CHARS} caracteres`,
  });

/** `ArticuloInItem`: one article as the scraper connector sends it. Unknown fields are dropped. */
export const ArticleInputSchema = z.object(
  {
    medio: requiredText('medio'),
    pais_publicacion: requiredText('pais_publicacion'),
    tipo_medio: requiredText('tipo_medio'),
    titular: requiredText('titular'),
    fecha_publicacion: publicationDate,
    contenido_texto: contentText,
    idioma: z
      .string({ error: fieldError('idioma', 'texto o null', { nullable: true }) })
      .trim()
      .nullish()
      .transform((v) => (v ? v : 'es')),
    autor: optionalText('autor'),
    url: optionalText('url'),
    seccion: optionalText('seccion'),
    medio_url_principal: optionalText('medio_url_principal'),
    fuente: optionalText('fuente'),
    storage_path: optionalText('storage_path'),
    es_opinion: optionalBoolean('es_opinion', false),
    es_oficial: optionalBoolean('es_oficial', true),
    // Defaults to "now" at parse time; parsing happens once, at submission.
    fecha_recopilacion: z
      .string({ error: fieldError('fecha_recopilacion', 'una fecha y hora ISO 8601', { nullable: true }) })
      .trim()
      .refine(isIsoDateTime, {
        error: "Campo 'fecha_recopilacion' debe ser una fecha y hora ISO 8601",
      })
      .nullish()
      .transform((v) => v ?? new Date().toISOString()),
    estado_procesamiento: z
      .string({ error: fieldError('estado_procesamiento', 'texto', { nullable: true }) })
      .nullish()
      .transform((v) => v ?? 'pendiente_connector'),
    etiquetas_fuente: z
      .array(z.string({ error: fieldError('etiquetas_fuente', 'una lista de textos') }), {
        error: fieldError('etiquetas_fuente', 'una lista de textos', { nullable: true }),
      })
      .nullish()
      .transform((v) => v ?? []),
  },
  { error: (iss) => `El artículo debe ser un objeto JSON (recibido: ${describe(iss.input)})` },
);

function describe(input: unknown): string {
  return input === null ? 'null' : Array.isArray(input) ? 'lista' : typeof input;
}

/** What a caller may send. */
export type ArticleInput = z.input<typeof ArticleInputSchema>;
/** What the pipeline receives: trimmed, defaults filled in. */
export type Article = z.output<typeof ArticleInputSchema>;
