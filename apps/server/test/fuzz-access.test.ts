import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { bearer, keyed, KEYS } from './support/access.ts';
import { TRPC_PATHS } from './support/fast-pair.ts';
import { useServers } from './support/server.ts';

// Mutated tRPC and REST requests (procedures, batches, inputs, methods, headers, credentials)
// against a server with API keys: never a 5xx, and the server still answers afterwards.

let trpcFastPaths = true;
const server = useServers(() => ({
  trpcFastPaths,
  ...keyed(),
  rateLimitReadPerMinute: 0,
  rateLimitSubmitPerMinute: 0,
}));

const PROCEDURES = ['getStatus', 'listJobs', 'stats', 'onStatus', 'onJobs', 'processArticle', 'processFragment'];
const JOB_ID = 'req_0123456789abcdef0123456789abcdef';

const input = fc.oneof(
  fc.jsonValue(),
  fc.record({
    jobId: fc.oneof(fc.constant(JOB_ID), fc.string()),
    lastEventId: fc.option(fc.oneof(fc.string(), fc.nat().map(String))),
  }),
  fc.record(
    { status: fc.constantFrom('pending', 'completed', 'bogus'), limit: fc.integer(), cursor: fc.string() },
    { requiredKeys: [] },
  ),
  fc.record(
    { fragmento: fc.dictionary(fc.string(), fc.jsonValue()), mode: fc.constantFrom('wait', 'async', 'x') },
    { requiredKeys: [] },
  ),
);

const encodedInput = fc.oneof(
  input.map((value) => JSON.stringify({ json: value })),
  fc
    .dictionary(
      fc.constantFrom('0', '1', '2', 'a'),
      input.map((value) => ({ json: value })),
    )
    .map((value) => JSON.stringify(value)),
  fc.string(),
  fc.constant('%E0%A4%A'),
);

const credentials = fc.constantFrom<Record<string, string>>(
  {},
  bearer(KEYS.alice),
  bearer(KEYS.root),
  bearer('no-es-una-clave'),
  { authorization: 'Basic Zm9vOmJhcg==' },
  { 'x-api-key': KEYS.bob },
  { authorization: 'Bearer' },
);

const trpcRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(...PROCEDURES),
    fc.array(fc.constantFrom(...PROCEDURES), { minLength: 2, maxLength: 12 }).map((paths) => paths.join(',')),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
  ),
  batch: fc.boolean(),
  input: fc.option(encodedInput),
  token: fc.option(
    fc.oneof(fc.string(), fc.constant('rt1.req_0123456789abcdef0123456789abcdef.zzzzzz.' + 'A'.repeat(43))),
  ),
  credentials,
  accept: fc.constantFrom(undefined, 'text/event-stream', 'application/json', '*/*'),
  trpcAccept: fc.constantFrom(undefined, 'application/jsonl', 'bogus'),
  contentType: fc.constantFrom(
    undefined,
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
  ),
  body: fc.option(
    fc.oneof(
      input.map((value) => JSON.stringify(value)),
      fc.string(),
    ),
  ),
  lastEventId: fc.option(fc.string({ maxLength: 20 })),
});

type TrpcRequest = typeof trpcRequest extends fc.Arbitrary<infer T> ? T : never;

/** The status of one request; a stream that stays open is cut once its headers arrive. */
async function send(base: string, request: TrpcRequest): Promise<number> {
  const query = [
    request.batch ? 'batch=1' : '',
    request.input === null ? '' : `input=${encodeURIComponent(request.input)}`,
    request.token === null ? '' : `access_token=${encodeURIComponent(request.token)}`,
  ]
    .filter(Boolean)
    .join('&');
  const headers: Record<string, string> = { ...request.credentials };
  if (request.accept) headers.accept = request.accept;
  if (request.trpcAccept) headers['trpc-accept'] = request.trpcAccept;
  if (request.contentType) headers['content-type'] = request.contentType;
  // Header values must be Latin-1 printable: fetch refuses the rest before sending.
  if (request.lastEventId !== null && /^[\x20-\x7e]*$/.test(request.lastEventId))
    headers['last-event-id'] = request.lastEventId;
  const hasBody = request.body !== null && !['GET', 'HEAD'].includes(request.method);
  const abort = new AbortController();
  const response = await fetch(`${base}/trpc/${request.path}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    signal: abort.signal,
  });
  abort.abort();
  return response.status;
}

describe.each(TRPC_PATHS)('fuzzing the tRPC endpoints ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('mutated procedures, batches, inputs, methods and headers: no 5xx, and the server stays up', async () => {
    const s = await server();
    await fc.assert(
      fc.asyncProperty(trpcRequest, async (request) => {
        const status = await send(s.url, request);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/trpc/stats`, { headers: bearer(KEYS.root) })).status).toBe(200);
  }, 120_000);
});

describe('fuzzing the tRPC endpoints past the rate limits', () => {
  it('refusals made before tRPC runs, for any URL, are 429 in tRPC’s shape or another 4xx, never a 5xx', async () => {
    trpcFastPaths = true;
    const s = await server({ rateLimitReadPerMinute: 1, rateLimitSubmitPerMinute: 1, sseMaxConnectionsPerCaller: 1 });
    let limited = 0;
    await fc.assert(
      fc.asyncProperty(trpcRequest, async (request) => {
        const status = await send(s.url, request);
        if (status === 429) limited++;
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(limited).toBeGreaterThan(0);
    expect((await fetch(`${s.url}/health`)).status).toBeLessThan(500);
  }, 120_000);
});

describe('fuzzing the REST endpoints with credentials', () => {
  it('mutated bodies, ids, tokens and headers: no 5xx, and the server stays up', async () => {
    const s = await server();
    const restRequest = fc.record({
      target: fc.oneof(
        fc.constantFrom('/procesar_articulo', '/procesar_fragmento').map((path) => ({ method: 'POST', path })),
        fc.string({ maxLength: 60 }).map((id) => ({ method: 'GET', path: `/status/${encodeURIComponent(id)}` })),
        fc.constantFrom('/metrics', '/health', '/api/v1/openapi.json').map((path) => ({ method: 'GET', path })),
      ),
      token: fc.option(fc.string()),
      credentials,
      body: fc.oneof(
        fc.jsonValue().map((value) => JSON.stringify(value)),
        fc.string(),
      ),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'),
    });
    await fc.assert(
      fc.asyncProperty(restRequest, async ({ target, token, credentials: auth, body, contentType }) => {
        const url = `${s.url}${target.path}${token === null ? '' : `?access_token=${encodeURIComponent(token)}`}`;
        const response = await fetch(url, {
          method: target.method,
          headers: { ...auth, 'content-type': contentType, prefer: 'respond-async' },
          body: target.method === 'POST' ? body : undefined,
        });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  }, 120_000);
});
