import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type * as FastifyAdapter from '@trpc/server/adapters/fastify';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { comparable, makeJob, rawRequest, startPair, trpcUrl, type Pair } from './support/fast-pair.ts';

// The fast query route against the official adapter, over the same tracker: every answer must
// be the same bytes, status and tRPC headers. The spy counts hand-overs from the fast route to
// the official handler (the plugin's own route uses its internal reference, so it is not
// counted): answered cases must not hand over, the others must.

vi.mock('@trpc/server/adapters/fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof FastifyAdapter>();
  return { ...actual, fastifyRequestHandler: vi.fn(actual.fastifyRequestHandler) };
});
const handedOver = () => vi.mocked(fastifyRequestHandler).mock.calls.length;

const BOOM = 'req_00000000000000000000000000000b00';
const UNKNOWN = 'req_ffffffffffffffffffffffffffffffff';
const UNKNOWN_ONCE = 'req_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
/** Tracker reads per job id, through either server. */
const gets = new Map<string, number>();

let pair: Pair;
let done: string;
let running: string;

beforeAll(async () => {
  // Date only: supportCode carries the second, and both servers must agree on it.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T12:00:00Z') });
  pair = await startPair({ trpcMaxBatchSize: 4 }, (real) => ({
    ...real,
    get: (id) => {
      gets.set(id, (gets.get(id) ?? 0) + 1);
      return id === BOOM ? Promise.reject(new Error('disk on fire')) : real.get(id);
    },
  }));
  done = (await makeJob(pair.tracker)).job_id;
  running = (await makeJob(pair.tracker, { complete: false })).job_id;
});
afterAll(async () => {
  vi.useRealTimers();
  await pair.close();
});

function batchUrl(base: string, calls: [string, unknown][], extra = ''): string {
  const inputs = Object.fromEntries(
    calls.flatMap(([, input], i) => (input === undefined ? [] : [[i, superjson.serialize(input)]])),
  );
  return `${base}/trpc/${calls.map(([path]) => path).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}${extra}`;
}

/** Sends the same request to both servers; returns the fast server's answer and whether it handed over. */
async function compare(target: (base: string) => string, init: Parameters<typeof rawRequest>[1] = {}) {
  const before = handedOver();
  const fast = await rawRequest(target(pair.fast), init);
  const delegated = handedOver() - before;
  const official = await rawRequest(target(pair.official), init);
  expect(comparable(fast)).toEqual(comparable(official));
  return { fast, delegated };
}

describe('fast tRPC queries answer exactly like the official adapter', () => {
  it.each([
    ['a completed job', () => ({ jobId: done }), 200],
    ['a running job', () => ({ jobId: running }), 200],
    ['an unknown job (NOT_FOUND)', () => ({ jobId: UNKNOWN }), 404],
    ['a malformed id (NOT_FOUND)', () => ({ jobId: 'no-es-un-id' }), 404],
    ['invalid input (zod)', () => ({ jobId: 42 }), 400],
    ['no input at all', () => undefined, 400],
    ['a tracker that throws (INTERNAL_SERVER_ERROR with support code)', () => ({ jobId: BOOM }), 500],
  ])('getStatus: %s', async (_, input, status) => {
    const { fast, delegated } = await compare((base) => trpcUrl(base, 'getStatus', input()));
    expect(fast.status).toBe(status);
    expect(delegated).toBe(0);
    // Answered here, not streamed by the adapter: a plain body with its length.
    expect(fast.headers['content-length']).toBeDefined();
  });

  it('batches of queries, all found (200) or mixed (207), with listJobs and stats', async () => {
    const mixed = await compare((base) =>
      batchUrl(base, [
        ['getStatus', { jobId: done }],
        ['getStatus', { jobId: UNKNOWN }],
        ['stats', undefined],
      ]),
    );
    expect(mixed.fast.status).toBe(207);
    const ok = await compare((base) =>
      batchUrl(base, [
        ['getStatus', { jobId: done }],
        ['listJobs', { limit: 1 }],
        ['stats', undefined],
      ]),
    );
    expect(ok.fast.status).toBe(200);
    const badCursor = await compare((base) => trpcUrl(base, 'listJobs', { cursor: 'not-a-cursor' }));
    expect(badCursor.fast.status).toBe(400);
    expect([mixed.delegated, ok.delegated, badCursor.delegated]).toEqual([0, 0, 0]);
    const body = superjson.deserialize<unknown>(
      (JSON.parse(ok.fast.body) as { result: { data: never } }[])[0]!.result.data,
    );
    expect(body).toMatchObject({ job_id: done, status: 'completed' });
  });

  it.each([
    [
      'a batch over maxBatchSize',
      (base: string) =>
        batchUrl(
          base,
          Array.from({ length: 5 }, (): [string, unknown] => ['getStatus', { jobId: done }]),
        ),
      {},
    ],
    ['input that is not JSON', (base: string) => `${base}/trpc/getStatus?input=%7Bnope`, {}],
    ['a batch whose input is not an object', (base: string) => `${base}/trpc/getStatus?batch=1&input=%5B1%5D`, {}],
    [
      'input superjson cannot read',
      (base: string) =>
        `${base}/trpc/getStatus?input=${encodeURIComponent('{"json":{},"meta":{"values":{"jobId":["custom","x"]}}}')}`,
      {},
    ],
    [
      'a streamed batch (trpc-accept: application/jsonl)',
      (base: string) => batchUrl(base, [['getStatus', { jobId: done }]]),
      { headers: { 'trpc-accept': 'application/jsonl' } },
    ],
    [
      'a streamed batch (accept: application/jsonl)',
      (base: string) => batchUrl(base, [['getStatus', { jobId: UNKNOWN }]]),
      { headers: { accept: 'application/jsonl' } },
    ],
    ['a comma path without batch=1', (base: string) => `${base}/trpc/getStatus,stats`, {}],
    ['connection params', (base: string) => `${trpcUrl(base, 'stats', undefined)}?connectionParams=%7B%7D`, {}],
    [
      'mixed query and subscription',
      (base: string) =>
        batchUrl(base, [
          ['getStatus', { jobId: done }],
          ['onStatus', { jobId: done }],
        ]),
      {},
    ],
    [
      'a multipart content type on GET',
      (base: string) => trpcUrl(base, 'stats', undefined),
      { headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    ],
  ])('hands %s to the official handler', async (_, target, init) => {
    const { delegated } = await compare(target, init);
    expect(delegated).toBe(1);
  });

  it.each([
    ['an unknown id', () => UNKNOWN_ONCE],
    ['a tracker that throws', () => BOOM],
    ['a known id', () => done],
  ])('getStatus on the direct lane reads the tracker once for %s', async (_, id) => {
    const before = gets.get(id()) ?? 0;
    await rawRequest(trpcUrl(pair.fast, 'getStatus', { jobId: id() }));
    expect((gets.get(id()) ?? 0) - before).toBe(1);
  });

  it.each([
    [
      'method override (POST to a query)',
      (base: string) => `${base}/trpc/getStatus`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ jobId: done })),
      },
    ],
    ['HEAD', (base: string) => `${base}/trpc/getStatus`, { method: 'HEAD' }],
    ['a mutation over GET (405 with Allow)', (base: string) => trpcUrl(base, 'processArticle', {}), {}],
    ['an unknown procedure', (base: string) => trpcUrl(base, 'nope', {}), {}],
  ])('never sees %s, which the plugin answers', async (_, target, init) => {
    const { delegated } = await compare(target, init);
    expect(delegated).toBe(0);
  });
});
