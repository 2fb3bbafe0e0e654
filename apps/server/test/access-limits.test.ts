import { createClient } from '@noticias/client';
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bearer, keyed, KEYS, UNKNOWN_JOB } from './support/access.ts';
import { openStream, TRPC_PATHS, trpcUrl, type OpenStream } from './support/fast-pair.ts';
import { getJson, postJson, sampleJson, useServers } from './support/server.ts';

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths, ...keyed() }));
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

afterEach(() => {
  vi.useRealTimers();
});

describe('rate limits (@fastify/rate-limit), per API key', () => {
  it('429 rate_limited with Retry-After and RateLimit-* at the limit, per key and per kind; served again once the window passes', async () => {
    const s = await server({ rateLimitReadPerMinute: 3, rateLimitSubmitPerMinute: 1 });
    // The limiter reads Date.now(): the window passes when the clock says so, with no wait.
    vi.useFakeTimers({ toFake: ['Date'] });
    const status = (key: string) => getJson(`${s.url}/status/${UNKNOWN_JOB}`, bearer(key));
    for (let i = 0; i < 3; i++) {
      const answer = await status(KEYS.alice);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('ratelimit-limit')).toBe('3');
      expect(answer.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await status(KEYS.alice);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: 'rate_limited',
      mensaje: 'Demasiadas peticiones. Inténtelo de nuevo más tarde.',
      timestamp: expect.any(String),
      request_id: expect.any(String),
      retry_after: 60,
    });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // tRPC reads count against the same limit, and get tRPC's error shape, which the client reads.
    const trpcLimited = await fetch(trpcUrl(s.url, 'getStatus', { jobId: UNKNOWN_JOB }), {
      headers: bearer(KEYS.alice),
    });
    expect(trpcLimited.status).toBe(429);
    expect(trpcLimited.headers.get('retry-after')).toBe('60');
    expect(await trpcLimited.json()).toMatchObject({
      error: {
        json: {
          code: -32029,
          data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, apiCode: 'RATE_LIMITED', retryAfterSeconds: 60 },
        },
      },
    });
    const error = await createClient({ url: s.url, apiKey: KEYS.alice })
      .listJobs.query()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 });
    // Another key has its own counter; submissions have theirs.
    expect((await status(KEYS.bob)).status).toBe(404);
    expect(
      (await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.alice), prefer: 'respond-async' }))
        .status,
    ).toBe(202);
    const second = await postJson(`${s.url}/procesar_fragmento`, fragment(), {
      ...bearer(KEYS.alice),
      prefer: 'respond-async',
    });
    expect(second.status).toBe(429);
    expect(second.body.error).toBe('rate_limited');

    vi.setSystemTime(Date.now() + 60_001);
    expect((await status(KEYS.alice)).status).toBe(404);
    expect(
      (await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.alice), prefer: 'respond-async' }))
        .status,
    ).toBe(202);
  });

  it('without keys, per client address; loopback callers in protected mode are not limited', async () => {
    const open = await server({ authMode: 'open', apiKeys: [], rateLimitReadPerMinute: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await getJson(`${open.url}/status/${UNKNOWN_JOB}`)).status);
    expect(codes).toEqual([404, 404, 429]);
    const local = await server({ authMode: 'protected', apiKeys: [], rateLimitReadPerMinute: 2 });
    const served = [];
    for (let i = 0; i < 3; i++) served.push((await getJson(`${local.url}/status/${UNKNOWN_JOB}`)).status);
    expect(served).toEqual([404, 404, 404]);
  });
});

describe.each(TRPC_PATHS)('live stream caps ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('429 once a caller holds SSE_MAX_CONNECTIONS_PER_CALLER streams or the process SSE_MAX_CONNECTIONS; a closed stream frees its place', async () => {
    const s = await server({ sseMaxConnections: 3, sseMaxConnectionsPerCaller: 2 });
    const streams: OpenStream[] = [];
    const open = async (key: string) => {
      const stream = openStream(trpcUrl(s.url, 'onJobs', undefined), bearer(key));
      streams.push(stream);
      const status = await stream.status;
      if (status === 200) await stream.until((text) => text.includes('event: connected'));
      else await stream.ended;
      return { status, stream };
    };
    try {
      expect((await open(KEYS.alice)).status).toBe(200);
      expect((await open(KEYS.alice)).status).toBe(200);
      const third = await open(KEYS.alice);
      expect(third.status).toBe(429);
      // A subscription is streamed without the Accept header too: it counts all the same.
      const plain = await fetch(trpcUrl(s.url, 'onJobs', undefined), { headers: bearer(KEYS.alice) });
      expect(plain.status).toBe(429);
      await plain.arrayBuffer();
      expect(JSON.parse(third.stream.text)).toMatchObject({
        error: { json: { data: { code: 'TOO_MANY_REQUESTS', apiCode: 'RATE_LIMITED', retryAfterSeconds: 5 } } },
      });
      expect((await open(KEYS.bob)).status).toBe(200);
      expect((await open(KEYS.root)).status).toBe(429);
      expect(s.streams.open).toBe(3);

      streams[0]!.close();
      await vi.waitFor(() => expect(s.streams.open).toBe(2), { timeout: 10_000 });
      expect((await open(KEYS.root)).status).toBe(200);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});

describe.each(TRPC_PATHS)('SSE_MAX_DURATION_MS ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('ends onJobs streams too, without `return`, so the client reconnects and resumes', async () => {
    const s = await server({ sseMaxDurationMs: 300 });
    const body = await openStream(trpcUrl(s.url, 'onJobs', undefined), bearer(KEYS.alice)).ended;
    expect(body).toContain('event: connected');
    expect(body).not.toContain('event: return');
    await vi.waitFor(() => expect(s.streams.open).toBe(0), { timeout: 10_000 });
  });
});
