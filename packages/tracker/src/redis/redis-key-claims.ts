import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

// First-come claims on caller-chosen keys (idempotency keys), shared by every process: a claim
// is SET NX PX on `<prefix>:idem:<hash>` holding the fingerprint; the first answer goes to a
// second key with the claim's remaining TTL. Whoever finds the key claimed reads the answer
// once it is there (polled: a waiting duplicate is rare, and a poll survives a reconnection).

export type KeyClaim =
  { status: 'claimed' } | { status: 'existing'; fingerprint: string; answer: Promise<string | null> };

export interface RedisKeyClaims {
  /** Atomic across processes: of concurrent claims of a free key exactly one is `claimed`. */
  claim(key: string, fingerprint: string): Promise<KeyClaim>;
  /** Stores the first answer of a claimed key, for the rest of its TTL. */
  record(key: string, answer: string): Promise<void>;
  /** Frees a claimed key (no answer came of it); a waiting duplicate gets null. */
  release(key: string): Promise<void>;
  /** Keys claimed now. */
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface RedisKeyClaimsOptions {
  url: string;
  prefix: string;
  /** How long a key is remembered from its claim. */
  ttlMs: number;
  /** How often a duplicate looks for the first answer (default 50 ms, growing to 500 ms). */
  pollMs?: number;
  /** A duplicate stops waiting for an answer after this long and gets null (default 25 minutes). */
  maxWaitMs?: number;
  commandTimeoutMs?: number;
}

export async function createRedisKeyClaims(options: RedisKeyClaimsOptions): Promise<RedisKeyClaims> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectionName: `${options.prefix}:idempotency`,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  const base = `${options.prefix}:idem:`;
  const claimKey = (key: string) => base + createHash('sha256').update(key).digest('hex');
  const answerKey = (key: string) => `${claimKey(key)}:answer`;
  const firstPoll = options.pollMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 25 * 60_000;
  let closed = false;

  async function awaitAnswer(key: string): Promise<string | null> {
    const deadline = Date.now() + maxWaitMs;
    let delay = firstPoll;
    while (!closed && Date.now() < deadline) {
      const [claimed, answer] = await redis.mget(claimKey(key), answerKey(key));
      if (answer !== null && answer !== undefined) return answer;
      if (claimed === null || claimed === undefined) return null;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 500);
    }
    return null;
  }

  return {
    async claim(key, fingerprint) {
      for (;;) {
        const taken = await redis.set(claimKey(key), fingerprint, 'PX', options.ttlMs, 'NX');
        if (taken === 'OK') return { status: 'claimed' };
        const existing = await redis.get(claimKey(key));
        // Expired or released in between: try again.
        if (existing === null) continue;
        return { status: 'existing', fingerprint: existing, answer: awaitAnswer(key) };
      }
    },
    async record(key, answer) {
      const left = await redis.pttl(claimKey(key));
      if (left > 0) await redis.set(answerKey(key), answer, 'PX', left);
    },
    async release(key) {
      await redis.del(claimKey(key), answerKey(key));
    },
    async size() {
      let count = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
        cursor = next;
        count += keys.filter((k) => !k.endsWith(':answer')).length;
      } while (cursor !== '0');
      return count;
    },
    async close() {
      closed = true;
      redis.disconnect();
    },
  };
}
