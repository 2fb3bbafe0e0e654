import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type ApiKeyRole = 'client' | 'admin';

/** One entry of API_KEYS_FILE: the key itself is never stored, only its SHA-256. */
export interface ApiKey {
  name: string;
  /** Lowercase hex SHA-256 of the key. */
  keySha256: string;
  role: ApiKeyRole;
}

const ApiKeysFileSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(100),
      key_sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, 'debe ser el SHA-256 de la clave en hexadecimal (64 caracteres)'),
      role: z.enum(['client', 'admin']),
    }),
  )
  .min(1, 'debe contener al menos una clave');

export const sha256Hex = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Thrown with a message that names the file and what is wrong with it (never a key). */
export class ApiKeysFileError extends Error {
  override readonly name = 'ApiKeysFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`API_KEYS_FILE '${file}': ${problem}`);
  }
}

/** Reads and validates API_KEYS_FILE (`[{ name, key_sha256, role }]`); names must be unique. */
export function loadApiKeysFile(file: string): ApiKey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ApiKeysFileError(file, `no se pudo leer (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiKeysFileError(file, `JSON mal formado (${(error as Error).message})`);
  }
  const parsed = ApiKeysFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiKeysFileError(file, `${issue.path.map(String).join('.') || 'raíz'}: ${issue.message}`);
  }
  const keys = parsed.data.map((entry) => ({
    name: entry.name,
    keySha256: entry.key_sha256.toLowerCase(),
    role: entry.role,
  }));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.name)) throw new ApiKeysFileError(file, `el nombre '${key.name}' está repetido`);
    seen.add(key.name);
  }
  return keys;
}
