import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import superjson from 'superjson';
import { startTestRedis } from '../../packages/tracker/test/support/redis-server.ts';
import type { CaseRunner } from './cases.ts';
import { startChild, type Child } from './child.ts';
import { compare } from './compare.ts';
import type { Results } from './report.ts';
import { sampleArticle } from './samples.ts';
import { formatSpread, round } from './stats.ts';

/**
 * Status reads on an api process of the Redis backend (ROLE=api, a worker process beside it,
 * both the real app over one redis-server started here), each against a plain Fastify route in
 * the api process answering the same bytes: `redis_rest_status_*` and `redis_trpc_status_*`.
 * The read path is the per-process cache that the Redis event stream keeps coherent.
 */
export async function runRedisReadCases(opts: {
  settings: string[];
  reads: { rounds: number; seconds: number };
  cases: CaseRunner;
  log: (line: string) => void;
}): Promise<void> {
  const { settings, reads, cases, log } = opts;
  const entry = join(import.meta.dirname, 'bench-server.ts');
  const children: Child[] = [];
  let redis: Awaited<ReturnType<typeof startTestRedis>> | undefined;
  try {
    redis = await startTestRedis();
    // Every api process of one deployment shares the read-token secret (ROLE=api refuses to start without it).
    const secret = randomBytes(32).toString('hex');
    const common = [...settings, `REDIS_URL=${redis.url}`, 'REDIS_PREFIX=bench', `READ_TOKEN_SECRET=${secret}`];
    const api = await startChild(entry, [...common, 'ROLE=api']);
    children.push(api);
    children.push(await startChild(entry, [...common, 'ROLE=worker']));
    const base = `http://127.0.0.1:${api.ready.port as number}`;
    const response = await fetch(`${base}/procesar_articulo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleArticle()),
    });
    if (response.status !== 200)
      throw new Error(`the sample article answered ${response.status}: ${await response.text()}`);
    const jobId = ((await response.json()) as { job_id: string }).job_id;

    const referenceFor = async (key: string, url: string): Promise<string> => {
      const body = await (await fetch(url)).text();
      await api.call({ cmd: 'setBaseline', key, body });
      const reference = `${base}/__baseline/json/${key}`;
      if ((await (await fetch(reference)).text()) !== body)
        throw new Error(`reference ${key} does not answer the same bytes`);
      return reference;
    };
    const measure = (key: string, label: string, urls: () => Promise<{ ours: string; ref: string }>) =>
      cases.run(key, label, async () => {
        const c = await compare(api, await urls(), reads);
        if (!c.ok) throw new Error(c.failure);
        log(
          `${label}: ${Math.round(c.ours.rps)} req/s vs plain Fastify ${Math.round(c.ref.rps)} -> ${round(c.ratio.median)}x (${formatSpread(c.ratio)})`,
        );
        return {
          [`${key}_rps`]: Math.round(c.ours.rps),
          [`${key}_baseline_rps`]: Math.round(c.ref.rps),
          [`${key}_ratio`]: round(c.ratio.median),
          [`${key}_ratio_spread`]: formatSpread(c.ratio),
          [`${key}_cpu_ratio`]: round(c.cpuRatio.median),
        } satisfies Results;
      });

    const restUrl = `${base}/status/${jobId}`;
    await measure('redis_rest_status', 'Redis api process: REST /status', async () => ({
      ours: restUrl,
      ref: await referenceFor('redis-rest', restUrl),
    }));
    await measure('redis_trpc_status', 'Redis api process: tRPC getStatus (httpBatchLink)', async () => {
      const url = await captureGetStatusUrl(base, jobId);
      return { ours: url, ref: await referenceFor('redis-trpc', url) };
    });
  } catch (error) {
    // Setup failures (no redis-server, a process that did not start) fail both keys.
    const reason = error instanceof Error ? error.message : String(error);
    for (const key of ['redis_rest_status', 'redis_trpc_status']) {
      await cases.run(key, `Redis ${key}`, () => Promise.reject(new Error(reason)));
    }
  } finally {
    for (const child of children.reverse()) await child.stop();
    await redis?.destroy();
  }
}

/** The GET URL @trpc/client builds for one getStatus, as sent. */
async function captureGetStatusUrl(base: string, jobId: string): Promise<string> {
  const urls: string[] = [];
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        transformer: superjson,
        fetch: (input, init) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      }),
    ],
  });
  await client.getStatus.query({ jobId });
  return urls[0]!;
}
