import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ReadTokensOptions {
  /** READ_TOKEN_SECRET; every process of a deployment must share it. Default: random, this process only. */
  secret?: string | undefined;
  /** How long a token stays valid: a job's longest possible life (timeout + retention). */
  ttlMs: number;
  now?: () => number;
}

/** Signed, read-only tokens scoped to one job (`?access_token=`). */
export interface ReadTokens {
  issue(jobId: string): string;
  /** The job the token grants reading, or undefined for a forged, malformed or expired token. */
  verify(token: string): string | undefined;
}

const VERSION = 'rt1';
// Ids match JOB_ID_PATTERN ([0-9a-z_]), the expiry is base 36, the MAC base64url: none has a dot.
const TOKEN_PATTERN = /^rt1\.(req_[0-9a-z]{24,64})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

/** `rt1.<job id>.<expiry, unix seconds, base 36>.<HMAC-SHA256 of the rest, base64url>`. */
export function createReadTokens(options: ReadTokensOptions): ReadTokens {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const now = options.now ?? Date.now;
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();

  return {
    issue(jobId) {
      const expires = Math.ceil((now() + options.ttlMs) / 1000).toString(36);
      const payload = `${VERSION}.${jobId}.${expires}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      const match = TOKEN_PATTERN.exec(token);
      if (!match) return undefined;
      const [, jobId, expires, signature] = match as unknown as [string, string, string, string];
      // Compared as text: decoding would accept other spellings of the same bytes (the last
      // character carries two unused bits).
      const expected = Buffer.from(mac(`${VERSION}.${jobId}.${expires}`).toString('base64url'));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      if (parseInt(expires, 36) * 1000 <= now()) return undefined;
      return jobId;
    },
  };
}
