import type { z } from 'zod';
import { ArticleInputSchema, type Article } from './article-input.ts';
import { FragmentInputSchema, type Fragment } from './fragment-input.ts';

/**
 * The contract's `detalles`: one line per problem. The schemas already phrase their issues in
 * the contract's Spanish; this only removes duplicates (a field can fail two checks that say the
 * same thing) and falls back to a generic line naming the field.
 */
export function toDetalles(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines = issues.map((issue) => {
    if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
    const field = issue.path.map(String).join('.');
    return field ? `Campo '${field}' no es válido` : 'El cuerpo de la petición no es válido';
  });
  return [...new Set(lines)];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; detalles: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body may be the item itself or wrapped as `{ [key]: item }`. */
export function unwrapBody(body: unknown, key: 'articulo' | 'fragmento'): unknown {
  return isRecord(body) && isRecord(body[key]) ? body[key] : body;
}

export function parseArticle(body: unknown): ParseResult<Article> {
  const parsed = ArticleInputSchema.safeParse(unwrapBody(body, 'articulo'));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, detalles: toDetalles(parsed.error.issues) };
}

export function parseFragment(body: unknown): ParseResult<Fragment> {
  const parsed = FragmentInputSchema.safeParse(unwrapBody(body, 'fragmento'));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, detalles: toDetalles(parsed.error.issues) };
}
