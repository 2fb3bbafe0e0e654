import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '../../packages/tracker/test/support/redis-server.ts';
import { startChild, type Child } from './child.ts';
import { sampleArticle } from './samples.ts';

const entry = join(import.meta.dirname, 'bench-server.ts');

/** Settings that choose the backend: the Redis cases set their own, the in-memory side drops them. */
const BACKEND = /^(REDIS_URL|REDIS_PREFIX|ROLE|READ_TOKEN_SECRET)=/;

export interface RedisTopology {
  redis: TestRedis;
  /** ROLE=api: HTTP, submissions queued in Redis. */
  api: Child;
  /** ROLE=worker: runs the queued jobs; its tracker writes to the same Redis. */
  worker: Child;
  base: string;
  stop(): Promise<void>;
}

/**
 * A redis-server started here (Debian's package), one ROLE=api and one ROLE=worker process of
 * the real app (bench-server.ts) over it, sharing one read-token secret (ROLE=api refuses to
 * start without one). Whatever started before a failure is stopped before it rejects.
 */
export async function startRedisTopology(settings: string[]): Promise<RedisTopology> {
  const children: Child[] = [];
  let redis: TestRedis | undefined;
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
    await redis?.destroy();
  };
  try {
    redis = await startTestRedis();
    const secret = randomBytes(32).toString('hex');
    const common = [
      ...settings.filter((setting) => !BACKEND.test(setting)),
      `REDIS_URL=${redis.url}`,
      'REDIS_PREFIX=bench',
      `READ_TOKEN_SECRET=${secret}`,
    ];
    const api = await startChild(entry, [...common, 'ROLE=api']);
    children.push(api);
    const worker = await startChild(entry, [...common, 'ROLE=worker']);
    children.push(worker);
    return { redis, api, worker, base: `http://127.0.0.1:${api.ready.port as number}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The all-in-one server on the in-memory backend, with the same settings otherwise. */
export async function startMemoryServer(settings: string[]): Promise<{ child: Child; base: string }> {
  const child = await startChild(
    entry,
    settings.filter((setting) => !BACKEND.test(setting)),
  );
  return { child, base: `http://127.0.0.1:${child.ready.port as number}` };
}

/** One article through REST, waited for: a completed job whose /status the probes poll. */
export async function completedJob(base: string): Promise<string> {
  const response = await fetch(`${base}/procesar_articulo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleArticle()),
  });
  if (response.status !== 200)
    throw new Error(`the sample article answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job_id: string }).job_id;
}
