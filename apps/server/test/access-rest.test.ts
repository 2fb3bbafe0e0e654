import { createReadTokens } from '@noticias/api';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import {
  bearer,
  keyed,
  keysFileEntries,
  KEYS,
  READ_TOKEN_SECRET,
  UNKNOWN_JOB,
  writeKeysFile,
} from './support/access.ts';
import { getJson, postJson, sampleJson, useServers, type JsonBody } from './support/server.ts';

const server = useServers();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

/** An async submission by `key`: its job id and read token. */
async function submit(url: string, headers: Record<string, string>): Promise<{ jobId: string; token: string }> {
  const { status, body } = await postJson(`${url}/procesar_fragmento`, fragment(), {
    prefer: 'respond-async',
    ...headers,
  });
  expect(status).toBe(202);
  expect(body.read_token).toMatch(/^rt1\./);
  return { jobId: body.job_id as string, token: body.read_token as string };
}

const errorBody = (error: string) => ({
  error,
  mensaje: expect.any(String),
  timestamp: expect.any(String),
  request_id: expect.any(String),
});

describe('REST with API keys', () => {
  it('a missing, wrong or revoked key gets 401 with WWW-Authenticate; /health stays open; /metrics needs the admin role', async () => {
    const s = await server(keyed());
    for (const headers of [
      {},
      bearer('no-es-una-clave'),
      { 'x-api-key': 'tampoco' },
      { authorization: `Basic ${KEYS.alice}` },
    ]) {
      const { status, headers: answer, body } = await getJson(`${s.url}/status/${UNKNOWN_JOB}`, headers);
      expect(status).toBe(401);
      expect(answer.get('www-authenticate')).toBe('Bearer');
      expect(body).toEqual(errorBody('unauthorized'));
    }
    expect((await getJson(`${s.url}/status/${UNKNOWN_JOB}`, bearer(KEYS.alice))).status).toBe(404);
    expect((await getJson(`${s.url}/status/${UNKNOWN_JOB}`, { 'x-api-key': KEYS.alice })).status).toBe(404);
    expect((await postJson(`${s.url}/procesar_fragmento`, fragment())).status).toBe(401);

    expect((await getJson(`${s.url}/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: bearer(KEYS.alice) })).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: bearer(KEYS.root) })).status).toBe(200);
    const open = await server({ ...keyed(), metricsPublic: true });
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200);

    // Revoked: bob's entry removed from API_KEYS_FILE (keys are read at start).
    const revoked = await server(
      parseConfig({
        API_KEYS_FILE: writeKeysFile(keysFileEntries(['alice', 'root'])),
        LOG_LEVEL: 'silent',
        PIPELINE_WORKERS: '0',
        MAX_EVENT_LOOP_DELAY_MS: '0',
      }),
    );
    expect(revoked.config.authMode).toBe('keys');
    expect((await getJson(`${revoked.url}/status/${UNKNOWN_JOB}`, bearer(KEYS.bob))).status).toBe(401);
    expect((await getJson(`${revoked.url}/status/${UNKNOWN_JOB}`, bearer(KEYS.alice))).status).toBe(404);
  });

  it('a client sees only its jobs: another owner’s job is answered exactly like an unknown one; an admin sees all', async () => {
    const s = await server(keyed());
    const { jobId } = await submit(s.url, bearer(KEYS.alice));
    const strip = ({ timestamp: _t, request_id: _r, ...rest }: JsonBody) => rest;
    const unknown = await getJson(`${s.url}/status/${UNKNOWN_JOB}`, bearer(KEYS.bob));
    const foreign = await getJson(`${s.url}/status/${jobId}`, bearer(KEYS.bob));
    expect(foreign.status).toBe(404);
    expect(strip(foreign.body)).toEqual({
      ...strip(unknown.body),
      mensaje: unknown.body.mensaje.replace(UNKNOWN_JOB, jobId),
    });
    expect(foreign.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    expect((await getJson(`${s.url}/status/${jobId}`, bearer(KEYS.alice))).body.data.job_id).toBe(jobId);
    expect((await getJson(`${s.url}/status/${jobId}`, bearer(KEYS.root))).body.data.job_id).toBe(jobId);
  });

  it('read tokens: read their one job, with no key; forged, expired, other-job and write uses are refused like a bad key', async () => {
    const s = await server(keyed());
    const mine = await submit(s.url, bearer(KEYS.alice));
    const other = await submit(s.url, bearer(KEYS.bob));
    const read = (jobId: string, token: string) =>
      getJson(`${s.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`);

    expect((await read(mine.jobId, mine.token)).body.data.job_id).toBe(mine.jobId);
    expect((await read(other.jobId, mine.token)).status).toBe(404);

    const flipped = mine.token.slice(0, -1) + (mine.token.endsWith('A') ? 'B' : 'A');
    const otherSecret = createReadTokens({ secret: 'otro-secreto-que-el-servidor-no-conoce-00', ttlMs: 60_000 }).issue(
      mine.jobId,
    );
    const expired = createReadTokens({ secret: READ_TOKEN_SECRET, ttlMs: 1000, now: () => Date.now() - 60_000 }).issue(
      mine.jobId,
    );
    const fresh = createReadTokens({ secret: READ_TOKEN_SECRET, ttlMs: 60_000 }).issue(mine.jobId);
    for (const token of [flipped, otherSecret, expired, 'rt1.basura', '']) {
      const answer = await read(mine.jobId, token);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(errorBody('unauthorized'));
    }
    // The same secret in another process (READ_TOKEN_SECRET shared) signs tokens this one accepts.
    expect((await read(mine.jobId, fresh)).status).toBe(200);

    // Read-only: never a submission, a list, the metrics.
    const write = await postJson(`${s.url}/procesar_fragmento?access_token=${mine.token}`, fragment());
    expect(write.status).toBe(401);
    expect((await fetch(`${s.url}/metrics?access_token=${mine.token}`)).status).toBe(401);
    const list = await fetch(`${s.url}/trpc/listJobs?access_token=${mine.token}`);
    expect(list.status).toBe(401);
    // A waited submission's answer carries one too.
    const waited = await postJson(`${s.url}/procesar_fragmento`, fragment(), bearer(KEYS.alice));
    expect(waited.status).toBe(200);
    expect((await read(waited.body.job_id, waited.body.read_token)).status).toBe(200);
  });
});

describe('protected mode (no keys) and AUTH_MODE=open', () => {
  // 127.0.0.2 is loopback too (127.0.0.0/8), so a non-local client comes through a trusted
  // proxy's X-Forwarded-For; the address rule itself has a unit test.
  const remote = { 'x-forwarded-for': '203.0.113.9' };

  it('serves loopback clients, refuses the others with 403 except on /health', async () => {
    const s = await server({ trustProxy: true });
    expect(s.config.authMode).toBe('protected');
    expect((await getJson(`${s.url}/status/${UNKNOWN_JOB}`)).status).toBe(404);
    const refused = await getJson(`${s.url}/status/${UNKNOWN_JOB}`, remote);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      ...errorBody('forbidden'),
      mensaje:
        'Sin claves de API configuradas: solo se aceptan peticiones locales. Configure API_KEYS_FILE o AUTH_MODE=open.',
    });
    expect((await postJson(`${s.url}/procesar_fragmento`, fragment(), remote)).status).toBe(403);
    expect(
      (
        await fetch(
          `${s.url}/trpc/getStatus?input=${encodeURIComponent(JSON.stringify({ json: { jobId: UNKNOWN_JOB } }))}`,
          { headers: remote },
        )
      ).status,
    ).toBe(403);
    expect((await getJson(`${s.url}/health`, remote)).status).toBe(200);
  });

  it('AUTH_MODE=open serves everyone, as the old service did', async () => {
    const s = await server({ trustProxy: true, authMode: 'open' });
    expect((await getJson(`${s.url}/status/${UNKNOWN_JOB}`, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
  });

  it('helmet headers on REST answers and the web page; CORS only for the allowed origins', async () => {
    const s = await server({ corsOrigins: ['https://panel.example'] });
    const health = await fetch(`${s.url}/health`, { headers: { origin: 'https://panel.example' } });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    // The page at / (built or the 'not built' one), from its own scope.
    const page = await fetch(`${s.url}/`);
    await page.arrayBuffer();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(health.headers.get('access-control-allow-origin')).toBe('https://panel.example');
    const preflight = await fetch(`${s.url}/procesar_fragmento`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://panel.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const stranger = await fetch(`${s.url}/health`, { headers: { origin: 'https://otro.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const none = await server();
    expect(
      (await fetch(`${none.url}/health`, { headers: { origin: 'https://panel.example' } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });
});
