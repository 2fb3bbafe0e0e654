import type { AddressInfo } from 'node:net';
import { appRouter, createApiContextFactory, failureOnlyMiddlewares, withSseOptions } from '@noticias/api';
import { createMemoryJobTracker } from '@noticias/tracker';
import { fastifyRequestHandler, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type * as FastifyAdapter from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerFastTrpcRoutes } from '../src/fast-trpc/index.ts';
import {
  comparable,
  makeJob,
  openStream,
  rawRequest,
  readOnlyJobService,
  startPair,
  summary,
  trpcUrl,
  type Pair,
} from './support/fast-pair.ts';

// onStatus over SSE, fast route against the official adapter, as raw bytes on the wire.

vi.mock('@trpc/server/adapters/fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof FastifyAdapter>();
  return { ...actual, fastifyRequestHandler: vi.fn(actual.fastifyRequestHandler) };
});
const handedOver = () => vi.mocked(fastifyRequestHandler).mock.calls.length;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pairOf(...args: Parameters<typeof startPair>): Promise<Pair> {
  const pair = await startPair(...args);
  cleanups.push(() => pair.close());
  return pair;
}

/** Both servers' whole SSE answers to the same request; they must end by themselves. */
async function compareEnded(pair: Pair, target: (base: string) => string, headers: Record<string, string> = {}) {
  const before = handedOver();
  const fast = await rawRequest(target(pair.fast), { headers: { accept: 'text/event-stream', ...headers } });
  const delegated = handedOver() - before;
  const official = await rawRequest(target(pair.official), { headers: { accept: 'text/event-stream', ...headers } });
  expect(comparable(fast)).toEqual(comparable(official));
  return { fast, delegated };
}

const frames = (text: string) => text.split('\n\n\n').filter(Boolean);
const idsOf = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe('fast onStatus over SSE writes the official adapter’s bytes', () => {
  it('a finished job: connected, its final snapshot with its seq as id, return', async () => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker);
    const { fast, delegated } = await compareEnded(pair, (base) => trpcUrl(base, 'onStatus', { jobId: job.job_id }));
    expect(delegated).toBe(0);
    expect(fast.headers['content-type']).toBe('text/event-stream');
    // Written on the hijacked socket, yet with the header the app's onSend hook adds elsewhere.
    expect(fast.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    const [connected, data, end] = frames(fast.body);
    expect(connected).toBe('event: connected\ndata: {"reconnectAfterInactivityMs":25000}');
    expect(data).toMatch(/^data: \{"json":\{"job_id":.*"status":"completed".*\}\}\nid: 5$/);
    expect(end).toBe('event: return\ndata: ');
  });

  it.each([
    [
      'in the input (httpSubscriptionLink)',
      (pair: Pair, jobId: string) => [
        trpcUrl(pair.fast, 'onStatus', { jobId, lastEventId: '2' }),
        trpcUrl(pair.official, 'onStatus', { jobId, lastEventId: '2' }),
      ],
      {},
    ],
    [
      'as the Last-Event-ID header (EventSource)',
      (pair: Pair, jobId: string) => [
        trpcUrl(pair.fast, 'onStatus', { jobId }),
        trpcUrl(pair.official, 'onStatus', { jobId }),
      ],
      { 'last-event-id': '2' },
    ],
    [
      'as a query parameter',
      (pair: Pair, jobId: string) => [
        trpcUrl(pair.fast, 'onStatus', { jobId }, 'lastEventId=2'),
        trpcUrl(pair.official, 'onStatus', { jobId }, 'lastEventId=2'),
      ],
      {},
    ],
  ])('resumes after lastEventId given %s', async (_, urls, headers) => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker);
    const [fastUrl, officialUrl] = urls(pair, job.job_id);
    const { fast, delegated } = await compareEnded(
      pair,
      (base) => (base === pair.fast ? fastUrl! : officialUrl!),
      headers,
    );
    expect(delegated).toBe(0);
    expect(idsOf(fast.body)).toEqual([3, 4, 5]);
  });

  it('an up-to-date resume gets connected and return only', async () => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker);
    const { fast } = await compareEnded(pair, (base) =>
      trpcUrl(base, 'onStatus', { jobId: job.job_id, lastEventId: '5' }),
    );
    expect(frames(fast.body)).toEqual([
      'event: connected\ndata: {"reconnectAfterInactivityMs":25000}',
      'event: return\ndata: ',
    ]);
  });

  it.each([
    ['an unknown job', { jobId: 'req_ffffffffffffffffffffffffffffffff' }, 'NOT_FOUND'],
    ['a malformed lastEventId', { jobId: 'req_ffffffffffffffffffffffffffffffff', lastEventId: 'abc' }, 'BAD_REQUEST'],
    ['no jobId', {}, 'BAD_REQUEST'],
  ])('%s: connected, then a serialized error', async (_, input, code) => {
    const pair = await pairOf();
    const { fast, delegated } = await compareEnded(pair, (base) => trpcUrl(base, 'onStatus', input));
    expect(delegated).toBe(0);
    const last = frames(fast.body).at(-1)!;
    expect(last).toMatch(/^event: serialized-error\ndata: /);
    expect(last).toContain(`"code":"${code}"`);
  });

  it('a running job: every change as it happens, then return; both streams identical', async () => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker, { complete: false });
    const streams = [pair.fast, pair.official].map((base) =>
      openStream(trpcUrl(base, 'onStatus', { jobId: job.job_id })),
    );
    cleanups.push(async () => streams.forEach((s) => s.close()));
    await Promise.all(streams.map((s) => s.until((text) => idsOf(text).length === 1)));
    await pair.tracker.progress(job.job_id, {
      percentage: 80,
      message: 'casi',
      phase: 'normalizacion',
      phase_index: 4,
      phase_count: 4,
    });
    await pair.tracker.complete(job.job_id, summary());
    const [fast, official] = await Promise.all(streams.map((s) => s.ended));
    expect(fast).toBe(official);
    expect(idsOf(fast!)).toEqual([4, 5, 6]);
    expect(frames(fast!).at(-1)).toBe('event: return\ndata: ');
    expect(pair.tracker.listenerCount()).toBe(0);
  });

  it('subscribers of one job share one tracker listener; a fresh one starts from the current snapshot as the adapter would', async () => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker, { complete: false });
    const url = (base: string, input: Record<string, unknown> = {}) =>
      trpcUrl(base, 'onStatus', { jobId: job.job_id, ...input });
    const first = openStream(url(pair.fast));
    cleanups.push(async () => first.close());
    await first.until((text) => idsOf(text).length === 1);
    await pair.tracker.progress(job.job_id, {
      percentage: 50,
      message: 'mitad',
      phase: 'citas_datos',
      phase_index: 3,
      phase_count: 4,
    });
    await first.until((text) => idsOf(text).length === 2);

    // Joins the running stream: no second listener, and the same bytes as a fresh official subscriber.
    const joined = openStream(url(pair.fast));
    const upToDate = openStream(url(pair.fast, { lastEventId: '5' }));
    const replaying = openStream(url(pair.fast, { lastEventId: '3' }));
    const official = openStream(url(pair.official));
    const all = [joined, upToDate, replaying, official];
    cleanups.push(async () => all.forEach((s) => s.close()));
    await Promise.all([joined, official].map((s) => s.until((text) => idsOf(text).length === 1)));
    await replaying.until((text) => idsOf(text).length === 2);
    await upToDate.until((text) => text.includes('event: connected'));
    expect(joined.text).toBe(official.text);
    // The official subscriber and the one replaying from id 3 have listeners of their own.
    expect(pair.tracker.listenerCount()).toBe(3);

    await pair.tracker.complete(job.job_id, summary());
    const [firstBody, joinedBody, upToDateBody, replayingBody, officialBody] = await Promise.all(
      [first, ...all].map((s) => s.ended),
    );
    expect(idsOf(firstBody!)).toEqual([4, 5, 6]);
    expect(idsOf(joinedBody!)).toEqual([5, 6]);
    expect(idsOf(upToDateBody!)).toEqual([6]);
    expect(idsOf(replayingBody!)).toEqual([4, 5, 6]);
    expect(joinedBody).toBe(officialBody);
    await vi.waitFor(() => expect(pair.tracker.listenerCount()).toBe(0));
  });

  it('maxDurationMs ends the stream without return, so the client reconnects and resumes', async () => {
    const pair = await pairOf({ sseMaxDurationMs: 100 });
    const job = await makeJob(pair.tracker, { complete: false });
    const bodies = await Promise.all(
      [pair.fast, pair.official].map((base) => openStream(trpcUrl(base, 'onStatus', { jobId: job.job_id })).ended),
    );
    expect(bodies[0]).toBe(bodies[1]);
    expect(idsOf(bodies[0]!)).toEqual([4]);
    expect(bodies[0]).not.toContain('event: return');
    await vi.waitFor(() => expect(pair.tracker.listenerCount()).toBe(0));
  });

  it('a client that leaves mid-stream releases its tracker listener', async () => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker, { complete: false });
    const stream = openStream(trpcUrl(pair.fast, 'onStatus', { jobId: job.job_id }));
    await stream.until((text) => idsOf(text).length === 1);
    expect(pair.tracker.listenerCount()).toBe(1);
    stream.close();
    await vi.waitFor(() => expect(pair.tracker.listenerCount()).toBe(0));
  });

  it.each([
    ['a streamed call (trpc-accept: application/jsonl)', { 'trpc-accept': 'application/jsonl' }, ''],
    ['a batched subscription', {}, 'batch=1'],
  ])('hands %s to the official handler', async (_, headers, extra) => {
    const pair = await pairOf();
    const job = await makeJob(pair.tracker);
    const { delegated } = await compareEnded(
      pair,
      (base) =>
        trpcUrl(base, 'onStatus', extra ? { 0: { json: { jobId: job.job_id } } } : { jobId: job.job_id }, extra),
      headers,
    );
    expect(delegated).toBe(1);
  });
});

describe('fast SSE honours the router’s SSE options', () => {
  it('pings an idle stream at the configured interval, with the same frames as the adapter', async () => {
    const router = withSseOptions(appRouter, {
      ping: { enabled: true, intervalMs: 40 },
      client: { reconnectAfterInactivityMs: 5000 },
    });
    const tracker = createMemoryJobTracker();
    const jobs = readOnlyJobService(tracker);
    const urls: string[] = [];
    for (const fast of [true, false]) {
      const app = Fastify({ forceCloseConnections: true, routerOptions: { maxParamLength: 5000 } });
      const trpcOptions = { router, createContext: createApiContextFactory({ jobs }) };
      await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
      if (fast)
        await app.register(
          async (scope) => void registerFastTrpcRoutes(scope, { prefix: '/trpc', trpcOptions, failureOnlyMiddlewares }),
        );
      await app.listen({ port: 0, host: '127.0.0.1' });
      cleanups.push(() => app.close());
      urls.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    }
    cleanups.push(() => tracker.close());
    const job = await makeJob(tracker, { complete: false });
    const before = handedOver();
    const streams = urls.map((base) => openStream(trpcUrl(base, 'onStatus', { jobId: job.job_id })));
    cleanups.push(async () => streams.forEach((s) => s.close()));
    const twoPings = (text: string) => text.split('event: ping\ndata: \n\n\n').length > 2;
    const [fast, official] = await Promise.all(streams.map((s) => s.until(twoPings)));
    expect(handedOver() - before).toBe(0);
    const upToSecondPing = (text: string) => frames(text).slice(0, 4);
    expect(upToSecondPing(fast!)).toEqual(upToSecondPing(official!));
    expect(upToSecondPing(fast!)).toEqual([
      'event: connected\ndata: {"reconnectAfterInactivityMs":5000}',
      expect.stringMatching(/^data: .*\nid: 4$/),
      'event: ping\ndata: ',
      'event: ping\ndata: ',
    ]);
  });
});
