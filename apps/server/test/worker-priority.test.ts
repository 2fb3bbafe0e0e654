import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMain } from './support/main-process.ts';
import { startTestRedis } from './support/redis-nodes.ts';

/** The nice value of a process's main thread (field 19 of /proc/<pid>/stat). */
function mainThreadNice(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(fields.slice(fields.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('the priority of a process main thread', () => {
  // A child starts at the nice value of the thread that spawns it; the server only ever raises it.
  const inherited = getPriority(0);
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.destroy();
  });

  const niceOf = async (env: Record<string, string>): Promise<number> => {
    const main = await startMain({
      env: { REDIS_URL: redis.url, READ_TOKEN_SECRET: 'a'.repeat(43), PIPELINE_WORKERS: '', ...env },
    });
    try {
      return mainThreadNice(main.pid);
    } finally {
      await main.stop();
    }
  };

  it('is lowered on ROLE=worker, which extracts there, to PIPELINE_WORKER_NICE', async () => {
    expect(await niceOf({ ROLE: 'worker' })).toBe(Math.max(19, inherited));
    expect(await niceOf({ ROLE: 'worker', PIPELINE_WORKER_NICE: '7' })).toBe(Math.max(7, inherited));
  });

  it('is left alone where the event loop answers requests or threads extract', async () => {
    expect(await niceOf({ ROLE: 'api' })).toBe(inherited);
    expect(await niceOf({ ROLE: 'worker', PIPELINE_WORKERS: '1' })).toBe(inherited);
  });
});
