import { createClient } from '@noticias/client';
import type { FragmentInput } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { describe, expect, it, vi } from 'vitest';
import { bearer, keyed, KEYS, UNKNOWN_JOB } from './support/access.ts';
import { openStream, TRPC_PATHS, trpcUrl } from './support/fast-pair.ts';
import { article, CANCELLED, finalState, pipelineHeldIn, untilJob } from './support/job-control.ts';
import { getJson, postJson, sampleJson, useServers, type JsonBody, type TestServer } from './support/server.ts';

// Access control on what job control added: cancel, REST live status (SSE, ?wait, ETag) and
// idempotent submissions, black-box over HTTP with API keys configured.

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths, ...keyed() }));
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

const heldServer = (overrides = {}, holdRuns = 4) =>
  server({ ...keyed(), ...overrides }, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion', holdRuns) });

/** An async article submission by `key`, held in extraccion: its job id and read token. */
async function heldJob(s: TestServer, key: string): Promise<{ jobId: string; token: string }> {
  const { status, body } = await postJson(`${s.url}/procesar_articulo`, article(), {
    prefer: 'respond-async',
    ...bearer(key),
  });
  expect(status).toBe(202);
  const jobId = body.job_id as string;
  await untilJob(s.tracker, jobId, (job) => job.progress.phase === 'extraccion');
  return { jobId, token: body.read_token as string };
}

const withoutVolatile = ({ timestamp: _t, request_id: _r, ...rest }: JsonBody) => rest;

async function restCancel(s: TestServer, jobId: string, headers: Record<string, string> = {}, query = '') {
  const response = await fetch(`${s.url}/status/${jobId}/cancel${query}`, { method: 'POST', headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as JsonBody };
}

/** cancelJob as the official adapter receives it (a POST mutation), with `headers` and an optional query. */
async function trpcCancel(s: TestServer, jobId: string, headers: Record<string, string> = {}, query = '') {
  const response = await fetch(`${s.url}/trpc/cancelJob${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(superjson.serialize({ jobId })),
  });
  const body = (await response.json()) as JsonBody;
  return { status: response.status, data: body.error?.json?.data };
}

describe('cancel with API keys', () => {
  it('another client’s job is unknown (404, the unknown-job body) on REST and tRPC, and keeps running; owner and admin cancel', async () => {
    const s = await heldServer();
    const alices = await heldJob(s, KEYS.alice);
    const bobs = await heldJob(s, KEYS.bob);

    const foreign = await restCancel(s, alices.jobId, bearer(KEYS.bob));
    const unknown = await restCancel(s, UNKNOWN_JOB, bearer(KEYS.bob));
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(withoutVolatile(foreign.body)).toEqual(
      withoutVolatile({ ...unknown.body, mensaje: unknown.body.mensaje.replace(UNKNOWN_JOB, alices.jobId) }),
    );
    expect(foreign.body.error).toBe('http_error');

    const bob = createClient({ url: s.url, apiKey: KEYS.bob });
    const refused = await bob.cancelJob.mutate({ jobId: alices.jobId }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: 'NOT_FOUND', apiCode: 'JOB_NOT_FOUND' });
    expect((await s.tracker.get(alices.jobId))?.status).toBe('processing');

    // The owner cancels its own job, an admin anyone's.
    expect((await restCancel(s, alices.jobId, bearer(KEYS.alice))).status).toBe(202);
    const root = createClient({ url: s.url, apiKey: KEYS.root });
    expect((await root.cancelJob.mutate({ jobId: bobs.jobId })).job_id).toBe(bobs.jobId);
    expect((await finalState(s.tracker, alices.jobId)).error).toMatchObject(CANCELLED);
    expect((await finalState(s.tracker, bobs.jobId)).error).toMatchObject(CANCELLED);
  });

  it('a read token never cancels (401 unauthorized, REST and tRPC), nor does a missing key; the job keeps running', async () => {
    const s = await heldServer();
    const { jobId, token } = await heldJob(s, KEYS.alice);

    const rest = await restCancel(s, jobId, {}, `?access_token=${encodeURIComponent(token)}`);
    expect(rest.status).toBe(401);
    expect(rest.headers.get('www-authenticate')).toBe('Bearer');
    expect(rest.body).toMatchObject({ error: 'unauthorized', mensaje: expect.stringContaining('token de lectura') });
    const trpc = await trpcCancel(s, jobId, {}, `?access_token=${encodeURIComponent(token)}`);
    expect(trpc.status).toBe(401);
    expect(trpc.data).toMatchObject({ code: 'UNAUTHORIZED', apiCode: 'UNAUTHORIZED' });

    expect((await restCancel(s, jobId)).status).toBe(401);
    expect((await trpcCancel(s, jobId)).status).toBe(401);
    expect((await s.tracker.get(jobId))?.status).toBe('processing');
    // The same token still reads the job.
    const read = await getJson(`${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`);
    expect(read.status).toBe(200);
    expect(read.body.data.status).toBe('processing');
  });
});

describe('REST live status with API keys and read tokens', () => {
  it('SSE with ?access_token= streams the job to its end; another client or another job’s token gets the JSON 404', async () => {
    const s = await heldServer();
    const { jobId, token } = await heldJob(s, KEYS.alice);
    const other = await heldJob(s, KEYS.bob);

    const stream = openStream(`${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`);
    expect(await stream.status).toBe(200);
    await stream.until((text) => text.includes('event: status'));

    for (const [url, headers] of [
      [`${s.url}/status/${jobId}`, bearer(KEYS.bob)],
      [`${s.url}/status/${jobId}?access_token=${encodeURIComponent(other.token)}`, {}],
    ] as const) {
      const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ error: 'http_error', mensaje: expect.stringContaining(jobId) });
    }
    const anonymous = await fetch(`${s.url}/status/${jobId}`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();

    expect((await restCancel(s, jobId, bearer(KEYS.alice))).status).toBe(202);
    const body = await stream.ended;
    expect(body).toContain('"status":"failed"');
    expect(body).toContain('event: end');
    await restCancel(s, other.jobId, bearer(KEYS.bob));
  });

  it('?wait= with a read token answers once the job ends; another owner waits for nothing (404)', async () => {
    const s = await heldServer();
    const { jobId, token } = await heldJob(s, KEYS.alice);
    const foreign = await getJson(`${s.url}/status/${jobId}?wait=30`, bearer(KEYS.bob));
    expect(foreign.status).toBe(404);

    const waiting = getJson(`${s.url}/status/${jobId}?wait=60&access_token=${encodeURIComponent(token)}`);
    // Cancelled once the long poll is attached to the job's stream (its listener is there).
    await vi.waitFor(() => expect(s.tracker.listenerCount()).toBeGreaterThan(0), { timeout: 10_000 });
    expect((await restCancel(s, jobId, bearer(KEYS.alice))).status).toBe(202);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ status: 'failed', error: CANCELLED });
  });

  it('ETag/304 with a read token; the same If-None-Match from another client is a 404, never a 304', async () => {
    const s = await heldServer();
    const { jobId, token } = await heldJob(s, KEYS.alice);
    const url = `${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const foreign = await fetch(`${s.url}/status/${jobId}`, {
      headers: { 'if-none-match': etag, ...bearer(KEYS.bob) },
    });
    expect(foreign.status).toBe(404);
    await foreign.arrayBuffer();
    await restCancel(s, jobId, bearer(KEYS.alice));
  });

  it('REST streams count in SSE_MAX_CONNECTIONS_PER_CALLER beside tRPC ones (429 rate_limited, streams wording); a closed one frees its place', async () => {
    const s = await heldServer({ sseMaxConnectionsPerCaller: 2 });
    const { jobId } = await heldJob(s, KEYS.alice);
    const rest = openStream(`${s.url}/status/${jobId}`, bearer(KEYS.alice));
    const trpc = openStream(trpcUrl(s.url, 'onJobs', undefined), bearer(KEYS.alice));
    try {
      expect(await rest.status).toBe(200);
      expect(await trpc.status).toBe(200);
      await rest.until((text) => text.includes('event: status'));

      const third = await fetch(`${s.url}/status/${jobId}`, {
        headers: { accept: 'text/event-stream', ...bearer(KEYS.alice) },
      });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(await third.json()).toMatchObject({
        error: 'rate_limited',
        mensaje: 'Demasiadas conexiones en vivo abiertas. Inténtelo de nuevo más tarde.',
        retry_after: 5,
      });
      // Another caller is not held back by alice's streams.
      const bobs = await fetch(`${s.url}/status/${jobId}`, {
        headers: { accept: 'text/event-stream', ...bearer(KEYS.bob) },
      });
      expect(bobs.status).toBe(404);
      await bobs.arrayBuffer();

      rest.close();
      await vi.waitFor(() => expect(s.streams.open).toBe(1), { timeout: 10_000 });
      const again = openStream(`${s.url}/status/${jobId}`, bearer(KEYS.alice));
      expect(await again.status).toBe(200);
      again.close();
    } finally {
      rest.close();
      trpc.close();
      await restCancel(s, jobId, bearer(KEYS.alice));
    }
  });

  it('SSE_MAX_DURATION_MS ends REST streams without `event: end` (EventSource resumes with Last-Event-ID)', async () => {
    const s = await heldServer({ sseMaxDurationMs: 300 });
    const { jobId, token } = await heldJob(s, KEYS.alice);
    const body = await openStream(`${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`).ended;
    expect(body).toContain('event: status');
    expect(body).not.toContain('event: end');
    await vi.waitFor(() => expect(s.streams.open).toBe(0), { timeout: 10_000 });
    expect((await s.tracker.get(jobId))?.status).toBe('processing');
    await restCancel(s, jobId, bearer(KEYS.alice));
  });
});

describe.each(TRPC_PATHS)('one job read over REST and tRPC ($name)', (paths) => {
  it('a running REST stream of the job is never joined by another owner’s onStatus: it gets the NOT_FOUND error frame, no data', async () => {
    trpcFastPaths = paths.trpcFastPaths;
    const s = await heldServer();
    const { jobId, token } = await heldJob(s, KEYS.alice);
    const rest = openStream(`${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`);
    const owner = openStream(trpcUrl(s.url, 'onStatus', { jobId }), bearer(KEYS.alice));
    try {
      await rest.until((text) => text.includes('event: status'));
      // The owner's subscription may join the running stream; bob's must not.
      await owner.until((text) => text.includes(`"job_id":"${jobId}"`));
      const bob = await openStream(trpcUrl(s.url, 'onStatus', { jobId }), bearer(KEYS.bob)).ended;
      expect(bob).toContain('event: serialized-error');
      expect(bob).toContain('JOB_NOT_FOUND');
      expect(bob).not.toContain(`"job_id":"${jobId}"`);
    } finally {
      rest.close();
      owner.close();
      trpcFastPaths = true;
      await restCancel(s, jobId, bearer(KEYS.alice));
    }
  });
});

describe('idempotency keys with API keys', () => {
  it('REST: are scoped to the caller’s key (two keys, same Idempotency-Key: two jobs); a replay carries a working read_token', async () => {
    const s = await server();
    const idem = { 'idempotency-key': 'pedido-42' };
    const alice = await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.alice), ...idem });
    const bob = await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.bob), ...idem });
    expect(alice.status).toBe(200);
    expect(bob.status).toBe(200);
    expect(bob.body.job_id).not.toBe(alice.body.job_id);
    expect(bob.headers.get('idempotent-replayed')).toBeNull();
    expect(alice.body.read_token).toMatch(/^rt1\./);
    // bob's job is his: alice does not see it.
    expect((await getJson(`${s.url}/status/${bob.body.job_id}`, bearer(KEYS.alice))).status).toBe(404);

    const replay = await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.alice), ...idem });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.job_id).toBe(alice.body.job_id);
    expect(replay.body.read_token).toMatch(/^rt1\./);
    const read = await getJson(
      `${s.url}/status/${alice.body.job_id}?access_token=${encodeURIComponent(replay.body.read_token)}`,
    );
    expect(read.status).toBe(200);
    expect(read.body.data.status).toBe('completed');

    // 202 answers and their replays carry one too.
    const asyncIdem = { 'idempotency-key': 'pedido-43', prefer: 'respond-async' };
    const accepted = await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.bob), ...asyncIdem });
    const replayed = await postJson(`${s.url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.bob), ...asyncIdem });
    expect(accepted.status).toBe(202);
    expect(replayed.status).toBe(202);
    expect(replayed.body.job_id).toBe(accepted.body.job_id);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.read_token).toMatch(/^rt1\./);
  });

  it('tRPC: the same idempotencyKey from two keys makes two jobs; a replay from the same key has replayed and read_token', async () => {
    const s = await server();
    const alice = createClient({ url: s.url, apiKey: KEYS.alice });
    const bob = createClient({ url: s.url, apiKey: KEYS.bob });
    const input = { fragmento: fragment() as unknown as FragmentInput, idempotencyKey: 'lote-7' };
    const first = await alice.processFragment.mutate(input);
    const other = await bob.processFragment.mutate(input);
    expect(other.job.job_id).not.toBe(first.job.job_id);
    expect(other.replayed).toBeUndefined();
    const replay = await alice.processFragment.mutate(input);
    expect(replay.job.job_id).toBe(first.job.job_id);
    expect(replay.replayed).toBe(true);
    expect(replay.read_token).toMatch(/^rt1\./);
    const read = await getJson(
      `${s.url}/status/${first.job.job_id}?access_token=${encodeURIComponent(replay.read_token)}`,
    );
    expect(read.status).toBe(200);
    // A read token cannot submit, with or without an idempotency key.
    const withToken = await fetch(
      `${s.url}/trpc/processFragment?access_token=${encodeURIComponent(replay.read_token)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize(input)),
      },
    );
    expect(withToken.status).toBe(401);
    await withToken.arrayBuffer();
  });
});
