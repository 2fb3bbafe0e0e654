import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex, type ApiKey } from '../../src/access/api-keys.ts';
import type { ServerConfig } from '../../src/config.ts';

// API keys for the access tests: two clients and an admin.

export const KEYS = {
  alice: 'clave-de-alice-0123456789abcdef',
  bob: 'clave-de-bob-0123456789abcdef',
  root: 'clave-de-root-0123456789abcdef',
} as const;

export const API_KEYS: ApiKey[] = [
  { name: 'alice', keySha256: sha256Hex(KEYS.alice), role: 'client' },
  { name: 'bob', keySha256: sha256Hex(KEYS.bob), role: 'client' },
  { name: 'root', keySha256: sha256Hex(KEYS.root), role: 'admin' },
];

export const READ_TOKEN_SECRET = 'secreto-de-pruebas-de-los-tokens-0123456789';

/** Config overrides of a server with the keys above (and a known token secret). */
export const keyed = (): Partial<ServerConfig> => ({
  authMode: 'keys',
  apiKeys: API_KEYS,
  readTokenSecret: READ_TOKEN_SECRET,
});

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** API_KEYS_FILE contents in a fresh temporary directory; returns the file's path. */
export function writeKeysFile(contents: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'noticias-keys-')), 'keys.json');
  writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return file;
}

export const keysFileEntries = (names: (keyof typeof KEYS)[]) =>
  API_KEYS.filter((key) => names.includes(key.name as keyof typeof KEYS)).map((key) => ({
    name: key.name,
    key_sha256: key.keySha256,
    role: key.role,
  }));

export const UNKNOWN_JOB = 'req_0123456789abcdef0123456789abcdef';
