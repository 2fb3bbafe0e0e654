import { createHash } from 'node:crypto';
import type { JobInput } from './job-input.ts';

/** 1 to 255 printable ASCII characters (the contract's rule for `Idempotency-Key`). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return IDEMPOTENCY_KEY_PATTERN.test(key);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What "the same body" means for a key: the validated input as canonical JSON (sorted keys),
 * hashed. An article's `fecha_recopilacion` is left out: when absent it defaults to the time
 * of the request, so a retry of the same body would never match otherwise.
 */
export function inputFingerprint(input: JobInput): string {
  const body = input.kind === 'articulo' ? { ...input.article, fecha_recopilacion: undefined } : input.fragment;
  return createHash('sha256')
    .update(`${input.kind}\n${canonical(body)}`)
    .digest('hex');
}
