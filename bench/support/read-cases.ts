import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { CaseRunner } from './cases.ts';
import type { Child } from './child.ts';
import { compare, type Comparison } from './compare.ts';
import type { Results } from './report.ts';
import { formatSpread, round } from './stats.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

function describe(c: Extract<Comparison, { ok: true }>): string {
  return (
    `${fmt(c.ours.rps)} req/s vs plain Fastify ${fmt(c.ref.rps)} -> ${round(c.ratio.median)}x (${formatSpread(c.ratio)}); ` +
    `server CPU per request ${round(c.ours.cpuMicrosPerRequest, 1)} vs ${round(c.ref.cpuMicrosPerRequest, 1)} µs -> ${round(c.cpuRatio.median)}x (${formatSpread(c.cpuRatio)})`
  );
}

/**
 * Status reads with wrk: REST /status, and tRPC getStatus with the URLs exactly as @trpc/client
 * builds them (captured, not re-derived), each against a plain route in the same process
 * answering the same bytes; getStatus also through the official adapter. Each is a case of its
 * own, with its own reference requests/s beside its ratio.
 */
export async function runReadCases(opts: {
  server: Child;
  base: string;
  official: string;
  jobId: string;
  reads: { rounds: number; seconds: number };
  cases: CaseRunner;
  log: (line: string) => void;
}): Promise<void> {
  const { server, base, official, jobId, reads, cases, log } = opts;

  /** A plain route in the same process answering exactly `url`'s bytes; only a 200 is worth copying. */
  async function referenceFor(key: string, url: string): Promise<string> {
    const response = await fetch(url);
    const body = await response.text();
    if (response.status !== 200)
      throw new Error(`${url} answered ${response.status} before the run: ${body.slice(0, 200)}`);
    await server.call({ cmd: 'setBaseline', key, body });
    const reference = `${base}/__baseline/json/${key}`;
    if ((await (await fetch(reference)).text()) !== body)
      throw new Error(`reference ${key} does not answer the same bytes`);
    return reference;
  }

  async function measure(
    key: string,
    label: string,
    urls: () => Promise<{ ours: string; ref: string }>,
  ): Promise<void> {
    await cases.run(key, label, async () => {
      const c = await compare(server, await urls(), reads);
      if (!c.ok) throw new Error(c.failure);
      log(`${label}: ${describe(c)}`);
      return {
        [`${key}_rps`]: Math.round(c.ours.rps),
        [`${key}_baseline_rps`]: Math.round(c.ref.rps),
        [`${key}_ratio`]: round(c.ratio.median),
        [`${key}_ratio_spread`]: formatSpread(c.ratio),
        [`${key}_cpu_ratio`]: round(c.cpuRatio.median),
        [`${key}_cpu_ratio_spread`]: formatSpread(c.cpuRatio),
      } satisfies Results;
    });
  }

  const restUrl = `${base}/status/${jobId}`;
  await measure('rest_status', 'REST /status', async () => ({
    ours: restUrl,
    ref: await referenceFor('rest', restUrl),
  }));

  let captured: Promise<[string, string]> | undefined;
  const trpcUrls = () => (captured ??= captureTrpcUrls(base, jobId));
  await measure('trpc_status', 'tRPC getStatus (httpBatchLink, one query)', async () => {
    const [single] = await trpcUrls();
    return { ours: single, ref: await referenceFor('trpc', single) };
  });
  await measure('trpc_status_batch5', 'tRPC getStatus, five in one batch', async () => {
    const [, batch5] = await trpcUrls();
    return { ours: batch5, ref: await referenceFor('trpc5', batch5) };
  });
  await measure(
    'trpc_status_official',
    'tRPC getStatus through the official adapter (TRPC_FAST_PATHS=false)',
    async () => {
      const [single] = await trpcUrls();
      return { ours: single.replace(base, official), ref: await referenceFor('trpc', single) };
    },
  );
}

async function captureTrpcUrls(base: string, jobId: string): Promise<[string, string]> {
  const urls: string[] = [];
  const capture = createTRPCClient<AppRouter>({
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
  await capture.getStatus.query({ jobId });
  await Promise.all(Array.from({ length: 5 }, () => capture.getStatus.query({ jobId })));
  return [urls[0]!, urls[1]!];
}
