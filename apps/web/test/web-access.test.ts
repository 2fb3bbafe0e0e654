import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@noticias/client';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { parseConfig } from '../../server/src/config.ts';
import { keysFileEntries, KEYS, writeKeysFile } from '../../server/test/support/access.ts';
import { startServer, type TestServer } from '../../server/test/support/server.ts';
import { launchBrowser, seriousViolations, type TestBrowser, type WatchedPage } from './support/browser.ts';
import { buildPage } from './support/build-page.ts';
import { gatePipeline, type PhaseGate } from './support/gated-pipeline.ts';
import { fillArticleForm, screenshot, trpcInput, unexpected } from './support/pages.ts';

// The page with access control: a server started with an API_KEYS_FILE (two client keys), the
// page as `vite build` makes it, in Debian's chromium.

const samples = join(import.meta.dirname, '../../../../shared/samples');
const sampleJson = (dir: string, file: string) =>
  JSON.parse(readFileSync(join(samples, dir, file), 'utf8')) as Record<string, string>;
const article = sampleJson('articles', '01-presupuestos-es.json');
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as never;
const PHASES = ['triaje', 'extraccion', 'citas_datos', 'normalizacion'] as const;
const UNAUTHORIZED = /Failed to load resource: the server responded with a status of 401/;

let webRoot: string;
let browser: TestBrowser;
let server: TestServer;
let gate: PhaseGate;
const pages: WatchedPage[] = [];

async function open(url: string): Promise<WatchedPage> {
  const watched = await browser.open(url);
  pages.push(watched);
  return watched;
}

/** Every request the page makes, to check where the key goes (and that a token page lists nothing). */
function recordRequests(watched: WatchedPage): Request[] {
  const requests: Request[] = [];
  watched.page.on('request', (request) => requests.push(request));
  return requests;
}

beforeAll(async () => {
  webRoot = await buildPage();
  browser = await launchBrowser();
  const keyed = parseConfig({ API_KEYS_FILE: writeKeysFile(keysFileEntries(['alice', 'bob'])) });
  expect(keyed.authMode).toBe('keys');
  server = await startServer(
    { authMode: keyed.authMode, apiKeys: keyed.apiKeys, sseMaxDurationMs: 2_000 },
    {
      webRoot,
      wrapPipeline: (real) => {
        const gated = gatePipeline(real);
        gate = gated.gate;
        return gated.pipeline;
      },
    },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the jobs page with API keys', () => {
  let watched: WatchedPage;
  let requests: Request[];
  let shareUrl = '';

  it('without a key shows the 401 message pointing at the key field', async () => {
    watched = await open(`${server.url}/#/trabajos`);
    requests = recordRequests(watched);
    const { page } = watched;
    const alert = page.locator('[data-testid="access-error"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-status')).toBe('401');
    expect(await alert.textContent()).toContain('El servidor pide una clave de API (401)');
    expect(await alert.textContent()).toContain('«Clave de API»');
    await page.locator('[data-connection="refused"]').waitFor();
    await alert.getByRole('button', { name: 'Ir al campo de la clave' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('clave-api');
    // A key that no header can carry is refused at the field, not sent.
    await page.getByRole('textbox', { name: 'Clave de API' }).fill('clave con espacios');
    await page.getByRole('button', { name: 'Usar clave' }).click();
    await page.locator('#clave-api-error', { hasText: 'sin espacios' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await screenshot(page, 'sin-clave');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('with a client key lists only its own jobs and follows a submitted article live to 100 %', async () => {
    const alice = createClient({ url: server.url, apiKey: KEYS.alice });
    const bob = createClient({ url: server.url, apiKey: KEYS.bob });
    const own = await alice.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    const foreign = await bob.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });

    const { page } = watched;
    await page.getByRole('textbox', { name: 'Clave de API' }).fill(KEYS.alice);
    await page.getByRole('button', { name: 'Usar clave' }).click();
    await page.locator('[data-connection="live"]').waitFor();
    expect(await page.locator('[data-testid="access-error"]').count()).toBe(0);
    // sessionStorage only; the field is emptied and the key is in no URL.
    expect(await page.evaluate('sessionStorage.getItem("noticias.apiKey")')).toBe(KEYS.alice);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Clave de API' }).inputValue()).toBe('');

    // The list is alice's: her job, not bob's (the count is what her own listJobs says).
    await page.locator(`.job-row[data-job-id="${own.job.job_id}"]`).waitFor();
    const listed = await alice.listJobs.query({ limit: 500 });
    await page.getByText(`Todos (${listed.items.length})`).waitFor();
    expect(await page.locator(`.job-row[data-job-id="${foreign.job.job_id}"]`).count()).toBe(0);
    // The server ends streams every 2 s: onJobs comes back, with the key, and the list stays hers.
    await page.waitForRequest(
      (r) => r.url().includes('/trpc/onJobs') && r.headers().authorization === `Bearer ${KEYS.alice}`,
    );
    await page.locator('[data-connection="live"]').waitFor();
    expect(await page.locator(`.job-row[data-job-id="${foreign.job.job_id}"]`).count()).toBe(0);

    // Submit through the form and follow it live, phase by phase.
    await page.goto(`${server.url}/#/enviar`);
    await fillArticleForm(page, article);
    gate.hold = true;
    onTestFinished(() => gate.releaseAll());
    await page.getByRole('button', { name: 'Procesar artículo' }).click();
    await page.waitForURL(/#\/trabajo\/req_/);
    const jobId = new URL(page.url()).hash.replace('#/trabajo/', '');
    for (const [index, phase] of PHASES.entries()) {
      const report = await gate.parked();
      expect(report.phase).toBe(phase);
      await page.locator(`.step[data-phase="${phase}"][data-state="running"]`).waitFor();
      await page.locator('[data-testid="job-percent"]', { hasText: `${report.percentage} %` }).waitFor();
      if (index === 1) {
        // The stream is resumed after the last event seen, still with the key in the header.
        let resumedWith: string | null | undefined;
        while (resumedWith === undefined) {
          const request = await page.waitForRequest((r) => r.url().includes('/trpc/onStatus'));
          const input = trpcInput(request.url()) as { jobId?: string; lastEventId?: string | null } | undefined;
          if (input?.jobId !== jobId) continue;
          const headers = await request.allHeaders();
          expect(headers.authorization).toBe(`Bearer ${KEYS.alice}`);
          resumedWith = input.lastEventId ?? headers['last-event-id'] ?? null;
        }
        expect(Number(resumedWith)).toBeGreaterThan(0);
        await page.locator('[data-testid="job-percent"]', { hasText: `${report.percentage} %` }).waitFor();
      }
      gate.release();
    }
    gate.hold = false;
    await page.locator('[data-testid="job-status"]', { hasText: 'Completado' }).waitFor();
    expect(await page.locator('[data-testid="job-percent"]').textContent()).toBe('100 %');
    await page.locator('[data-testid="article-text"]').waitFor();
    expect((await alice.getStatus.query({ jobId })).status).toBe('completed');

    // Every call and both streams carried the key in the header, none in the URL.
    const api = requests.filter((r) => new URL(r.url()).pathname.startsWith('/trpc/'));
    const keyed = api.filter((r) => r.headers().authorization === `Bearer ${KEYS.alice}`);
    for (const path of ['onJobs', 'onStatus', 'listJobs', 'processArticle', 'getResult']) {
      expect(
        keyed.some((r) => r.url().includes(`/trpc/${path}`)),
        path,
      ).toBe(true);
    }
    expect(requests.some((r) => r.url().includes(KEYS.alice))).toBe(false);

    const share = page.locator('#enlace-compartir');
    shareUrl = await share.inputValue();
    expect(shareUrl).toMatch(new RegExp(`#/trabajo/${jobId}\\?token=rt1\\.`));
    await screenshot(page, 'trabajo-con-clave');
    expect(await seriousViolations(page)).toEqual([]);
  }, 90_000);

  it('changing the key rebuilds the feed; clearing it brings the 401 message back', async () => {
    const bob = createClient({ url: server.url, apiKey: KEYS.bob });
    const [bobsJob] = (await bob.listJobs.query({ limit: 1 })).items;
    const { page } = watched;
    await page.goto(`${server.url}/#/trabajos`);
    await page.getByRole('textbox', { name: 'Clave de API' }).fill(KEYS.bob);
    await page.getByRole('button', { name: 'Usar clave' }).click();
    await page.locator(`.job-row[data-job-id="${bobsJob!.job_id}"]`).waitFor();
    const listed = await bob.listJobs.query({ limit: 500 });
    await page.getByText(`Todos (${listed.items.length})`).waitFor();
    expect(await page.locator('.job-row').count()).toBe(listed.items.length);

    await page.getByRole('button', { name: 'Borrar clave' }).click();
    await page.locator('[data-testid="access-error"][data-status="401"]').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("noticias.apiKey")')).toBeNull();
    expect(await page.locator('.job-row').count()).toBe(0);
  }, 60_000);

  it('a read-token link in a fresh page shows that job live and its result, and reads nothing else', async () => {
    const alice = createClient({ url: server.url, apiKey: KEYS.alice });
    gate.hold = true;
    onTestFinished(() => gate.releaseAll());
    const submitted = await alice.processArticle.mutate({ articulo: article as never, mode: 'async' });
    const jobId = submitted.job.job_id;
    const link = `${server.url}/#/trabajo/${jobId}?token=${encodeURIComponent(submitted.read_token)}`;

    const fresh = await open(link);
    const seen = recordRequests(fresh);
    const { page } = fresh;
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    for (const phase of PHASES) {
      expect((await gate.parked()).phase).toBe(phase);
      await page.locator(`.step[data-phase="${phase}"][data-state="running"]`).waitFor();
      gate.release();
    }
    gate.hold = false;
    await page.locator('[data-testid="job-status"]', { hasText: 'Completado' }).waitFor();
    await page.locator('[data-testid="article-text"]').waitFor();
    const full = await alice.getResult.query({ jobId });
    expect(await page.locator('[data-testid="tabla-entidades"] tbody tr').count()).toBe(
      full.result!.fase_2_extraccion.entidades_extraidas.length,
    );
    // That job only: no list, no key field, no cancel; every call is a read of this job with the token.
    expect(await page.locator('.job-row, #clave-api, button.danger').count()).toBe(0);
    expect(await page.locator('#enlace-compartir').inputValue()).toBe(link);
    const api = seen.filter((r) => new URL(r.url()).pathname.startsWith('/trpc/'));
    expect(api.length).toBeGreaterThan(0);
    for (const request of api) {
      const url = new URL(request.url());
      expect(url.pathname).toMatch(/^\/trpc\/(onStatus|getResult)$/);
      expect(url.searchParams.get('access_token')).toBe(submitted.read_token);
      expect(request.headers().authorization).toBeUndefined();
    }
    await screenshot(page, 'trabajo-compartido');
    expect(await seriousViolations(page)).toEqual([]);
    expect(fresh.errors).toEqual([]);

    // The link the key holder's page offered works the same way.
    const other = await open(shareUrl);
    await other.page.locator('[data-testid="job-status"]', { hasText: 'Completado' }).waitFor();
    await other.page.locator('[data-testid="article-text"]').waitFor();
  }, 90_000);

  it('a forged token shows the link as invalid, not a key prompt', async () => {
    const { page } = await open(`${server.url}/#/trabajo/req_0123456789abcdef0123456789abcdef?token=rt1.falso`);
    const alert = page.locator('[data-testid="access-error"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('El enlace de solo lectura no es válido o ha caducado');
  }, 60_000);

  it('with a key, reconnects to a stopped and restarted server without a reload', async () => {
    const keyed = { authMode: server.config.authMode, apiKeys: server.config.apiKeys };
    let own = await startServer(keyed, { webRoot });
    const port = Number(new URL(own.url).port);
    // Its failed connections while the server is away are checked here, not with the other pages.
    const { page, errors } = await browser.open(`${own.url}/#/trabajos`);
    await page.getByRole('textbox', { name: 'Clave de API' }).fill(KEYS.alice);
    await page.getByRole('button', { name: 'Usar clave' }).click();
    await page.locator('[data-connection="live"]').waitFor();
    await page.evaluate('window.sinRecargar = true');
    await own.close();
    await page.locator('[data-connection="reconnecting"]').waitFor();
    const resumed = page.waitForRequest(
      (r) => r.url().includes('/trpc/onJobs') && r.headers().authorization === `Bearer ${KEYS.alice}`,
      { timeout: 30_000 },
    );
    own = await startServer(keyed, { webRoot, port });
    try {
      await resumed;
      await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
      const alice = createClient({ url: own.url, apiKey: KEYS.alice });
      const { job } = await alice.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
      await page.locator(`.job-row[data-job-id="${job.job_id}"][data-status="completed"]`).waitFor();
      expect(await page.evaluate('window.sinRecargar')).toBe(true);
    } finally {
      await own.close();
    }
    expect(
      unexpected(errors, [
        UNAUTHORIZED,
        /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET|ERR_INCOMPLETE_CHUNKED_ENCODING/,
      ]),
    ).toEqual([]);
    await page.close();
  }, 90_000);

  it('logged no console errors beyond the expected 401s', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const { errors } of pages) expect(unexpected(errors, [UNAUTHORIZED])).toEqual([]);
  });
});
