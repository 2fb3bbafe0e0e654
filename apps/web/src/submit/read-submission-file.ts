export type FileSubmission =
  | { kind: 'articulo'; body: Record<string, unknown> }
  | { kind: 'fragmento'; body: Record<string, unknown> }
  | { kind: 'invalid'; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An article or a fragment from a dropped JSON file, also wrapped as `{ articulo }` /
 * `{ fragmento }`. Only the shape is looked at here: the server validates the fields and its
 * `detalles` are what the page shows.
 */
export function readSubmissionFile(text: string): FileSubmission {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'El archivo no es JSON válido.' };
  }
  if (!isRecord(parsed))
    return { kind: 'invalid', reason: 'El archivo debe contener un objeto JSON (un artículo o un fragmento).' };
  if (isRecord(parsed.articulo)) return { kind: 'articulo', body: parsed.articulo };
  if (isRecord(parsed.fragmento)) return { kind: 'fragmento', body: parsed.fragmento };
  const fragmentKeys = ['texto_original', 'id_fragmento', 'id_articulo_fuente'];
  if (fragmentKeys.some((key) => key in parsed)) return { kind: 'fragmento', body: parsed };
  return { kind: 'articulo', body: parsed };
}
