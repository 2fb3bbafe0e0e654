import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FRESH_ID,
  getJson,
  ISO_Z,
  postJson,
  sampleFiles,
  sampleJson,
  sampleText,
  startServer,
  type JsonBody,
  type TestServer,
} from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ bodyLimitBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
});

function expectEnvelope(body: JsonBody, error: string) {
  expect(body.error).toBe(error);
  expect(body.timestamp).toMatch(ISO_Z);
  expect(body.request_id).toMatch(FRESH_ID);
  expect(JSON.stringify(body)).not.toMatch(/stack|debug_details|node_modules/);
}

describe('400: every invalid sample, in the envelope, creating no job', () => {
  const route = (file: string) => (file.startsWith('fragment') ? 'procesar_fragmento' : 'procesar_articulo');

  it.each(sampleFiles('invalid'))('%s', async (file) => {
    const before = (await server.tracker.stats()).total;
    const { status, body, headers } = await postJson(`${server.url}/${route(file)}`, sampleText('invalid', file));
    expect(status).toBe(400);
    expectEnvelope(body, 'validation_error');
    expect(body.mensaje).toBe(
      route(file) === 'procesar_fragmento'
        ? 'Error en la validación del fragmento'
        : 'Error en la validación del artículo',
    );
    expect(body.detalles.length).toBeGreaterThan(0);
    expect(body.detalles.every((d: unknown) => typeof d === 'string')).toBe(true);
    expect(headers.get('x-request-id')).toBe(body.request_id);
    expect((await server.tracker.stats()).total).toBe(before);
  });

  it('names each missing field with the contract wording', async () => {
    const { body } = await postJson(`${server.url}/procesar_articulo`, sampleJson('invalid', 'missing-fields.json'));
    expect(body.detalles).toEqual([
      "Campo 'medio' es requerido",
      "Campo 'pais_publicacion' es requerido",
      "Campo 'tipo_medio' es requerido",
      "Campo 'fecha_publicacion' es requerido",
      "Campo 'contenido_texto' es requerido",
    ]);
    const short = await postJson(`${server.url}/procesar_articulo`, {
      articulo: sampleJson('invalid', 'short-content.json'),
    });
    expect(short.body.detalles).toEqual(["Campo 'contenido_texto' debe tener al menos 50 caracteres"]);
  });

  it('truncated JSON says where it breaks, whatever the content type', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const { status, body } = await postJson(
        `${server.url}/procesar_fragmento`,
        sampleText('invalid', 'truncated-json.txt'),
        {
          'content-type': type,
        },
      );
      expect(status).toBe(400);
      expect(body.error).toBe('validation_error');
      expect(body.detalles[0]).toMatch(/^JSON mal formado: .+/);
    }
  });

  it('an empty body and a JSON list are validation errors too', async () => {
    const empty = await postJson(`${server.url}/procesar_articulo`, '');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('validation_error');
    const list = await postJson(`${server.url}/procesar_articulo`, '[1,2]');
    expect(list.body.detalles).toEqual(['El artículo debe ser un objeto JSON (recibido: lista)']);
  });
});

describe('404, 405, 413', () => {
  it('unknown job: the exact contract body', async () => {
    const id = 'req_0123456789abcdef0123456789abcdef';
    const { status, body } = await getJson(`${server.url}/status/${id}`);
    expect(status).toBe(404);
    expect(Object.keys(body).sort()).toEqual(['error', 'mensaje', 'request_id', 'timestamp']);
    expectEnvelope(body, 'http_error');
    expect(body.mensaje).toBe(`Job con ID '${id}' no encontrado. Verifique que el ID sea correcto.`);
  });

  it('unknown path', async () => {
    const { status, body } = await getJson(`${server.url}/no/existe`);
    expect(status).toBe(404);
    expectEnvelope(body, 'http_error');
    expect(body.mensaje).toBe('Not Found');
  });

  it.each([
    ['GET', '/procesar_articulo', 'POST'],
    ['PUT', '/procesar_fragmento', 'POST'],
    ['DELETE', '/status/req_0123456789abcdef0123456789abcdef', 'GET, HEAD'],
    ['POST', '/health', 'GET, HEAD'],
  ])('%s %s -> 405 with Allow: %s', async (method, path, allow) => {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    const body = (await response.json()) as JsonBody;
    expectEnvelope(body, 'http_error');
    expect(body.mensaje).toBe('Method Not Allowed');
  });

  it('a body over the limit gets 413 and creates no job', async () => {
    const article = { ...sampleJson('articles', '01-presupuestos-es.json'), contenido_texto: 'x'.repeat(70 * 1024) };
    const { status, body } = await postJson(`${server.url}/procesar_articulo`, article);
    expect(status).toBe(413);
    expectEnvelope(body, 'http_error');
    expect(body.mensaje).toContain(String(64 * 1024));
    expect((await server.tracker.stats()).total).toBe(0);
  });
});

describe('X-Request-ID', () => {
  it('echoes the caller id, or sends a new one', async () => {
    const echoed = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'conector-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('conector-42');
    const fresh = await fetch(`${server.url}/health`);
    expect(fresh.headers.get('x-request-id')).toMatch(FRESH_ID);
    const trpc = await fetch(`${server.url}/trpc/stats`, { headers: { 'x-request-id': 'conector-44' } });
    expect(trpc.status).toBe(200);
    expect(trpc.headers.get('x-request-id')).toBe('conector-44');
    // Error bodies keep a fresh id of their own when the header echoes the caller's.
    const notFound = await getJson(`${server.url}/nada`, { 'x-request-id': 'conector-43' });
    expect(notFound.headers.get('x-request-id')).toBe('conector-43');
    expect(notFound.body.request_id).toMatch(FRESH_ID);
  });

  it('does not echo ids unfit for headers and logs', async () => {
    const response = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'a'.repeat(300) } });
    expect(response.headers.get('x-request-id')).toMatch(FRESH_ID);
  });
});
