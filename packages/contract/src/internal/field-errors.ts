import { z } from 'zod';

// The REST contract's `detalles` are human-readable Spanish lines. Building them inside the
// schemas (rather than translating zod issues afterwards) means tRPC, REST and the client all
// get the same message from the same parse, with no second mapping to keep in sync.

/** A spelled-out description of a received value, for "debe ser texto (recibido: número)". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'lista';
  switch (typeof value) {
    case 'string':
      return 'texto';
    case 'number':
    case 'bigint':
      return 'número';
    case 'boolean':
      return 'booleano';
    case 'object':
      return 'objeto';
    default:
      return typeof value;
  }
}

export const requiredMessage = (field: string): string => `Campo '${field}' es requerido`;

/** Error function for a field: missing (or null when required) vs wrong type. */
export function fieldError(field: string, expected: string, opts: { nullable?: boolean } = {}) {
  return (issue: { input?: unknown }): string => {
    if (issue.input === undefined || (issue.input === null && !opts.nullable)) {
      return requiredMessage(field);
    }
    return `Campo '${field}' debe ser ${expected} (recibido: ${describeValue(issue.input)})`;
  };
}

/** A required string, trimmed, at least one character. */
export function requiredText(field: string, max?: number) {
  let schema = z
    .string({ error: fieldError(field, 'texto') })
    .trim()
    .min(1, { error: `Campo '${field}' no puede estar vacío` });
  if (max !== undefined) {
    schema = schema.max(max, { error: `Campo '${field}' no puede superar ${max} caracteres` });
  }
  return schema;
}

/** An optional string that may also be null; absent becomes null. */
export function optionalText(field: string) {
  return z
    .string({ error: fieldError(field, 'texto o null', { nullable: true }) })
    .nullish()
    .transform((v) => v ?? null);
}

export function optionalBoolean(field: string, fallback: boolean) {
  return z
    .boolean({ error: fieldError(field, 'booleano (true o false)', { nullable: true }) })
    .nullish()
    .transform((v) => v ?? fallback);
}
