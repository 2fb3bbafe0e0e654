import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { CaseRunner } from './cases.ts';
import { compare } from './compare.ts';
import type { Results } from './report.ts';
import { completedJob, startRedisTopology, type RedisTopology } from './redis-topology.ts';
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
  let topology: RedisTopology | undefined;
  try {
    topology = await startRedisTopology(settings);
    const { api, base } = topology;
    const jobId = await completedJob(base);

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
    await topology?.stop();
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
