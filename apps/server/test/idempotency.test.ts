import { createMemoryIdempotencyStore } from '@noticias/api';
import { createClient } from '@noticias/client';
import type { FragmentInput } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { article } from './support/job-control.ts';
import { postJson, sampleJson, useServers } from './support/server.ts';

// Idempotent submissions (contract v0.2): the Idempotency-Key header on both REST submissions
// and idempotencyKey on the tRPC ones, against a real server.

const server = useServers();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

async function jobCount(url: string): Promise<number> {
  const client = createClient({ url });
  return (await client.stats.query()).jobs.total;
}

describe('REST Idempotency-Key', () => {
  it('a retry of a waited submission answers the same 200, job and result, marked replayed', async () => {
    const s = await server();
    const first = await postJson(`${s.url}/procesar_articulo`, article(), { 'idempotency-key': 'conector-1' });
    const again = await postJson(`${s.url}/procesar_articulo`, article(), { 'idempotency-key': 'conector-1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.job_id).toBe(first.body.job_id);
    expect(again.body.data).toEqual(first.body.data);
    expect(await jobCount(s.url)).toBe(1);
  });

  it('a retry of a 202 answers 202 with the same job; the wrapped and bare bodies are the same body', async () => {
    const s = await server();
    const headers = { 'idempotency-key': 'frag-42', prefer: 'respond-async' };
    const first = await postJson(`${s.url}/procesar_fragmento`, fragment(), headers);
    const again = await postJson(`${s.url}/procesar_fragmento`, { fragmento: fragment() }, headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/status/${first.body.job_id}`);
    expect(again.body.job_id).toBe(first.body.job_id);
    expect(await jobCount(s.url)).toBe(1);
  });

  it('the same key with another body is 422 idempotency_conflict', async () => {
    const s = await server();
    await postJson(`${s.url}/procesar_articulo`, article(), { 'idempotency-key': 'k' });
    const other = await postJson(
      `${s.url}/procesar_articulo`,
      { ...article(), titular: 'Otro titular' },
      { 'idempotency-key': 'k' },
    );
    expect(other.status).toBe(422);
    expect(other.body).toEqual({
      error: 'idempotency_conflict',
      mensaje: 'La clave de idempotencia ya se usó con otro contenido',
      timestamp: expect.any(String),
      request_id: expect.stringMatching(/^req_/),
    });
    // An article and a fragment under one key are different bodies too.
    const fragmentWithKey = await postJson(`${s.url}/procesar_fragmento`, fragment(), { 'idempotency-key': 'k' });
    expect(fragmentWithKey.status).toBe(422);
    expect(await jobCount(s.url)).toBe(1);
  });

  it('50 requests with one key at once create one job, and every one gets its result', async () => {
    const s = await server();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postJson(`${s.url}/procesar_articulo`, article(), { 'idempotency-key': 'rafaga' }),
      ),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body.job_id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(new Set(answers.map((a) => a.body.data.fragmento_uuid)).size).toBe(1);
    expect(await jobCount(s.url)).toBe(1);
  });

  it('a 400 is not remembered: the same key works with a valid body afterwards', async () => {
    const s = await server();
    const bad = await postJson(
      `${s.url}/procesar_articulo`,
      { ...article(), contenido_texto: 'corto' },
      { 'idempotency-key': 'retry-me' },
    );
    expect(bad.status).toBe(400);
    const good = await postJson(`${s.url}/procesar_articulo`, article(), { 'idempotency-key': 'retry-me' });
    expect(good.status).toBe(200);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it.each([
    ['256 characters', 'x'.repeat(256)],
    ['a non-ASCII character', 'clave-ñ'],
  ])('a key of %s is 400 and creates no job', async (_name, key) => {
    const s = await server();
    const answer = await fetch(`${s.url}/procesar_articulo`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': encodeURI(key) === key ? key : Buffer.from(key).toString('latin1'),
      },
      body: JSON.stringify(article()),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: 'http_error',
      mensaje: expect.stringContaining('Idempotency-Key'),
    });
    expect(await jobCount(s.url)).toBe(0);
  });

  it('a key expires after IDEMPOTENCY_TTL_HOURS (injected clock)', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const ttlMs = 24 * 3_600_000;
    const s = await server({}, { idempotency: createMemoryIdempotencyStore({ ttlMs, now: () => now }) });
    const headers = { 'idempotency-key': 'diaria', prefer: 'respond-async' };
    const first = await postJson(`${s.url}/procesar_articulo`, article(), headers);
    now += ttlMs - 1;
    const within = await postJson(`${s.url}/procesar_articulo`, article(), headers);
    expect(within.body.job_id).toBe(first.body.job_id);
    now += 2;
    const after = await postJson(`${s.url}/procesar_articulo`, article(), headers);
    expect(after.status).toBe(202);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(after.body.job_id).not.toBe(first.body.job_id);
  });
});

describe('tRPC idempotencyKey', () => {
  it('replays with replayed: true and the same job; another input is UNPROCESSABLE_CONTENT', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const fragmento = fragment() as unknown as FragmentInput;
    const first = await client.processFragment.mutate({ fragmento, mode: 'async', idempotencyKey: 'trpc-1' });
    const again = await client.processFragment.mutate({ fragmento, mode: 'async', idempotencyKey: 'trpc-1' });
    expect(first.replayed).toBeUndefined();
    expect(again.replayed).toBe(true);
    expect(again.job.job_id).toBe(first.job.job_id);
    const error = await client.processFragment
      .mutate({
        fragmento: { ...fragmento, texto_original: `${fragmento.texto_original} más` },
        idempotencyKey: 'trpc-1',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      httpStatus: 422,
      apiCode: 'IDEMPOTENCY_CONFLICT',
    });
    expect(await jobCount(s.url)).toBe(1);
  });

  it('refuses a malformed key as BAD_REQUEST', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const error = await client.processArticle
      .mutate({ articulo: article(), idempotencyKey: '' })
      .catch((e: unknown) => e);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
