import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptRunner = (args: readonly (string | number)[]) => Promise<unknown>;

/** EVALSHA, loading the script with EVAL when Redis does not know it (after a restart, say). */
export function scriptRunner(redis: Redis, source: string): ScriptRunner {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (args) => {
    try {
      return await redis.evalsha(sha, 0, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(source, 0, ...args);
      throw error;
    }
  };
}
