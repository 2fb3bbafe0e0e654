import { afterEach, describe, expect, it } from 'vitest';
import { bearer, keyed, KEYS } from './support/access.ts';
import { comparable, openStream, rawRequest, startPair, summary, trpcUrl, type Pair } from './support/fast-pair.ts';

// The fast paths against the official adapter when createContext refuses the caller (no key, a
// wrong one) or the procedure does (another owner's job): the same bytes, and never a data frame
// for a refused caller, also when a permitted subscriber already streams the job.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function keyedPair(): Promise<Pair> {
  const pair = await startPair(keyed());
  cleanups.push(() => pair.close());
  return pair;
}

async function compare(pair: Pair, target: (base: string) => string, headers: Record<string, string>) {
  const fast = await rawRequest(target(pair.fast), { headers });
  const official = await rawRequest(target(pair.official), { headers });
  expect(comparable(fast)).toEqual(comparable(official));
  return fast;
}

/** A processing job owned by alice, made in the tracker. */
async function alicesJob(pair: Pair) {
  const created = await pair.tracker.create({
    kind: 'fragmento',
    metadata: {
      tipo: 'fragmento',
      id_fragmento: 'frag-1',
      id_articulo_fuente: 'art-1',
      longitud_texto: 120,
      orden_en_articulo: 0,
    },
    owner: 'alice',
  });
  return pair.tracker.start(created.job_id);
}

const refusals: [string, Record<string, string>][] = [
  ['no key', {}],
  ['a wrong key', bearer('no-es-una-clave')],
  ['another owner', bearer(KEYS.bob)],
];

describe('fast tRPC paths with a createContext that refuses', () => {
  it.each(refusals)('queries, single and batched: %s gets the adapter’s answer', async (_, headers) => {
    const pair = await keyedPair();
    const job = await alicesJob(pair);
    const single = await compare(pair, (base) => trpcUrl(base, 'getStatus', { jobId: job.job_id }), headers);
    expect(single.status).toBe(headers.authorization === bearer(KEYS.bob).authorization ? 404 : 401);
    expect(single.body).not.toContain('"status":"processing"');
    const batchInput = encodeURIComponent(JSON.stringify({ 0: { json: { jobId: job.job_id } }, 1: { json: {} } }));
    await compare(pair, (base) => `${base}/trpc/getStatus,listJobs?batch=1&input=${batchInput}`, headers);
  });

  it.each(refusals)(
    'onStatus of a job another subscriber streams: %s gets the error frame, never a data frame',
    async (_, headers) => {
      const pair = await keyedPair();
      const job = await alicesJob(pair);
      // A permitted subscriber first, so the fast path holds a joinable stream for the job.
      const owner = openStream(trpcUrl(pair.fast, 'onStatus', { jobId: job.job_id }), bearer(KEYS.alice));
      cleanups.push(async () => owner.close());
      await owner.until((text) => text.includes('"status":"processing"'));

      const sse = { ...headers, accept: 'text/event-stream' };
      const refused = await compare(pair, (base) => trpcUrl(base, 'onStatus', { jobId: job.job_id }), sse);
      expect(refused.body).toContain('event: serialized-error');
      expect(refused.body).not.toMatch(/^data: \{"json":\{"job_id"/m);

      // The owner's stream goes on and ends as usual.
      await pair.tracker.complete(job.job_id, summary());
      expect(await owner.ended).toContain('event: return');
    },
  );

  it('an admin joins the owner’s stream; a read token for the job reads it, for another job is refused', async () => {
    const pair = await keyedPair();
    const job = await alicesJob(pair);
    const owner = openStream(trpcUrl(pair.fast, 'onStatus', { jobId: job.job_id }), bearer(KEYS.alice));
    cleanups.push(async () => owner.close());
    await owner.until((text) => text.includes('"status":"processing"'));
    const admin = openStream(trpcUrl(pair.fast, 'onStatus', { jobId: job.job_id }), bearer(KEYS.root));
    cleanups.push(async () => admin.close());
    await admin.until((text) => text.includes('"status":"processing"'));
    await pair.tracker.complete(job.job_id, summary());
    expect(await admin.ended).toContain('event: return');
  });
});
