import { AccessDeniedError, ForbiddenError, LOCAL_CALLER, type Caller, type ReadTokens } from '@noticias/api';
import type { FastifyRequest } from 'fastify';
import { sha256Hex, type ApiKey } from './api-keys.ts';
import { isLoopback } from './is-loopback.ts';

/** protected: no keys, loopback clients only; open: no keys, everyone; keys: API_KEYS_FILE. */
export type AccessMode = 'protected' | 'open' | 'keys';

export interface CallerResolver {
  readonly mode: AccessMode;
  /** Who calls, or throws AccessDeniedError (401) / ForbiddenError (403). */
  resolve(request: FastifyRequest): Caller;
  /**
   * What limits count against (rate limits, stream caps): `key:<name>` for a known key, the
   * client address otherwise. Never throws: it runs before the request is refused, so refused
   * requests count too.
   */
  limitKey(request: FastifyRequest): string;
}

const BEARER = /^bearer[ \t]+([^ \t].*)$/i;

/** The key a request presents (`Authorization: Bearer`, else `X-API-Key`), if any. */
function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization);
    // An Authorization header of another scheme presents no usable key: a wrong key, not none.
    return match ? match[1]!.trim() : authorization;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header : undefined;
}

function presentedToken(request: FastifyRequest): string | undefined | null {
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.access_token;
  if (token === undefined) return undefined;
  return typeof token === 'string' ? token : null;
}

export function createCallerResolver(options: {
  mode: AccessMode;
  keys: readonly ApiKey[];
  readTokens: ReadTokens;
}): CallerResolver {
  const { mode, readTokens } = options;
  const byHash = new Map<string, Caller>();
  for (const key of options.keys)
    byHash.set(key.keySha256, Object.freeze({ kind: 'key', name: key.name, role: key.role }));
  // Presented key -> caller, for known keys only (so it holds at most one entry per configured
  // key and per distinct spelling of it): a hit costs a Map lookup instead of a SHA-256.
  const known = new Map<string, Caller>();
  const KNOWN_MAX = Math.max(64, 4 * byHash.size);

  function lookup(key: string): Caller | undefined {
    const hit = known.get(key);
    if (hit) return hit;
    const caller = byHash.get(sha256Hex(key));
    if (caller && known.size < KNOWN_MAX) known.set(key, caller);
    return caller;
  }

  return {
    mode,
    resolve(request) {
      if (mode === 'open') return LOCAL_CALLER;
      if (mode === 'protected') {
        if (isLoopback(request.ip)) return LOCAL_CALLER;
        throw new ForbiddenError();
      }
      const key = presentedKey(request);
      if (key !== undefined) {
        const caller = lookup(key);
        if (!caller) throw new AccessDeniedError('missing');
        return caller;
      }
      const token = presentedToken(request);
      const jobId = token ? readTokens.verify(token) : undefined;
      if (jobId === undefined) throw new AccessDeniedError('missing');
      return { kind: 'read-token', jobId };
    },
    limitKey(request) {
      if (mode === 'keys') {
        const key = presentedKey(request);
        const caller = key === undefined ? undefined : lookup(key);
        if (caller?.kind === 'key') return `key:${caller.name}`;
      }
      return `ip:${request.ip}`;
    },
  };
}
