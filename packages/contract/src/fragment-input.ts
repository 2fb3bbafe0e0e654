import { z } from 'zod';
import { fieldError, requiredText } from './internal/field-errors.ts';
import { cleanFragmentText } from './clean-fragment-text.ts';

export const MIN_SPECIAL_REVIEW_CHARS = 50;
const MAX_ID_CHARS = 255;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const metadata = z
  .record(z.string(), z.unknown(), {
    error: fieldError('metadata_adicional', 'un objeto', { nullable: true }),
  })
  .nullish()
  .transform((value): Record<string, unknown> => {
    const meta = { ...(value ?? {}) };
    // An unusable source URL is dropped rather than rejected: the fragment is still worth
    // processing and the old service behaved the same way.
    if ('url_fuente' in meta && !isHttpUrl(meta.url_fuente)) delete meta.url_fuente;
    return meta;
  });

/** `FragmentoProcesableItem`: a fragment of a document. Unknown fields are dropped. */
export const FragmentInputSchema = z
  .object(
    {
      id_fragmento: requiredText('id_fragmento', MAX_ID_CHARS),
      id_articulo_fuente: requiredText('id_articulo_fuente', MAX_ID_CHARS),
      texto_original: z
        .string({ error: fieldError('texto_original', 'texto') })
        .transform(cleanFragmentText)
        .refine((v) => v.length >= 1, { error: "Campo 'texto_original' no puede estar vacío" }),
      orden_en_articulo: z
        .number({ error: fieldError('orden_en_articulo', 'un número entero o null', { nullable: true }) })
        .int({ error: "Campo 'orden_en_articulo' debe ser un número entero" })
        .min(0, { error: "Campo 'orden_en_articulo' debe ser un entero mayor o igual que 0" })
        .nullish()
        .transform((v) => v ?? null),
      metadata_adicional: metadata,
    },
    {
      error: (iss) =>
        `El fragmento debe ser un objeto JSON (recibido: ${iss.input === null ? 'null' : typeof iss.input})`,
    },
  )
  .superRefine((fragment, ctx) => {
    if (
      fragment.metadata_adicional.requiere_revision_especial === true &&
      fragment.texto_original.length < MIN_SPECIAL_REVIEW_CHARS
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['texto_original'],
        message: `Campo 'texto_original' debe tener al menos ${MIN_SPECIAL_REVIEW_CHARS} caracteres cuando 'requiere_revision_especial' es true`,
      });
    }
  });

export type FragmentInput = z.input<typeof FragmentInputSchema>;
export type Fragment = z.output<typeof FragmentInputSchema>;
