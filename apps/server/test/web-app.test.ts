import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../src/web/register-web-app.ts';
import { startServer, type TestServer } from './support/server.ts';

// The page's own behaviour is tested in a real browser (apps/web/test); this is how the server
// serves the files of a build, and what it does without one.
const dir = mkdtempSync(join(tmpdir(), 'noticias-web-'));
const built = join(dir, 'built');
const script = 'console.log("hola");'.repeat(50);
mkdirSync(join(built, 'assets'), { recursive: true });
writeFileSync(
  join(built, 'index.html'),
  '<!doctype html><html lang="es"><title>x</title><script src="/assets/index-abc123.js"></script></html>',
);
writeFileSync(join(built, 'assets', 'index-abc123.js'), script);
writeFileSync(join(built, 'assets', 'index-abc123.js.gz'), gzipSync(script));

let server: TestServer;
let bare: TestServer;
beforeAll(async () => {
  server = await startServer({}, { webRoot: built });
  bare = await startServer({}, { webRoot: join(dir, 'missing') });
});
afterAll(async () => {
  await server.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web page', () => {
  it('is found from the server package at apps/web/dist, not an absolute path given at startup', () => {
    expect(DEFAULT_WEB_ROOT.replaceAll('\\', '/')).toMatch(/\/apps\/web\/dist$/);
  });

  it('serves index.html at / with no-cache, and hashed assets immutable, gzipped when accepted', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('/assets/index-abc123.js');

    const asset = await fetch(`${server.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toBe(script);
  });

  it('leaves the REST paths and their 404s alone', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const missing = await fetch(`${server.url}/status/req_ffffffffffffffffffffffffffffffff`, {
      headers: { accept: 'text/html' },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('http_error');
    const unknown = await fetch(`${server.url}/no-existe`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/json/);
    expect((await fetch(`${server.url}/trpc/stats`)).status).toBe(200);
  });

  it('without a build the server still starts and / says how to build the page', async () => {
    const page = await fetch(`${bare.url}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('pnpm build');
    expect((await fetch(`${bare.url}/health`)).status).toBe(200);
  });
});
