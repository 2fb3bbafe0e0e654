import { readFile } from 'node:fs/promises';
import type { ArticleSubmission, FragmentSubmission } from '../create-client.ts';

export type FileSubmission =
  { kind: 'articulo'; articulo: ArticleSubmission } | { kind: 'fragmento'; fragmento: FragmentSubmission };

/** The input file cannot be read or is not an article or a fragment: exit code 2. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  readonly code = 'INPUT_FILE' as const;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Which of the two inputs a JSON body is, by the same wrappers the REST API accepts
 * (`{"articulo": ...}`, `{"fragmento": ...}`) or by the fields only one of them has. The
 * server validates the content; this only picks the procedure.
 */
export function detectSubmission(body: unknown): FileSubmission {
  if (!isObject(body)) throw new InputFileError('El JSON debe ser un objeto (un artículo o un fragmento)');
  if (isObject(body.articulo)) return { kind: 'articulo', articulo: body.articulo as ArticleSubmission };
  if (isObject(body.fragmento)) return { kind: 'fragmento', fragmento: body.fragmento as FragmentSubmission };
  if ('texto_original' in body || 'id_fragmento' in body)
    return { kind: 'fragmento', fragmento: body as FragmentSubmission };
  if ('contenido_texto' in body || 'titular' in body) return { kind: 'articulo', articulo: body as ArticleSubmission };
  throw new InputFileError(
    'El JSON no parece un artículo (campos contenido_texto, titular, ...) ni un fragmento (id_fragmento, texto_original, ...)',
  );
}

export async function readSubmission(path: string): Promise<FileSubmission> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no existe' : String((error as Error).message);
    throw new InputFileError(`No se pudo leer '${path}': ${reason}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`'${path}' no es JSON válido: ${(error as Error).message}`);
  }
  return detectSubmission(body);
}
