import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type NoticiasClient } from '@noticias/client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer, type TestServer } from '../../server/test/support/server.ts';
import { launchBrowser, seriousViolations, type TestBrowser, type WatchedPage } from './support/browser.ts';
import { buildPage } from './support/build-page.ts';
import { gatePipeline, type PhaseGate } from './support/gated-pipeline.ts';
import { fillArticleForm, screenshot, trpcInput, unexpected } from './support/pages.ts';

// End to end: the page as `vite build` makes it, served by the real server (real tracker, real
// offline pipeline), in Debian's chromium driven by playwright-core.

const samples = join(import.meta.dirname, '../../../../shared/samples');
const sample = (dir: string, file: string) => join(samples, dir, file);
const article = JSON.parse(readFileSync(sample('articles', '01-presupuestos-es.json'), 'utf8')) as Record<
  string,
  string
>;
const PHASES = ['triaje', 'extraccion', 'citas_datos', 'normalizacion'] as const;
const BAD_REQUEST = /Failed to load resource: the server responded with a status of 400/;

let webRoot: string;
let browser: TestBrowser;
let server: TestServer;
let gate: PhaseGate;
let client: NoticiasClient;
const pages: WatchedPage[] = [];

async function open(url: string): Promise<WatchedPage> {
  const watched = await browser.open(url);
  pages.push(watched);
  return watched;
}

beforeAll(async () => {
  webRoot = await buildPage();
  browser = await launchBrowser();
  // Streams end every second, so the page's resumption (lastEventId, list reload) is exercised.
  server = await startServer(
    { sseMaxDurationMs: 1_000 },
    {
      webRoot,
      wrapPipeline: (real) => {
        const gated = gatePipeline(real);
        gate = gated.gate;
        return gated.pipeline;
      },
    },
  );
  client = createClient({ url: server.url });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the jobs page in a browser', () => {
  let jobId = '';
  let submitter: WatchedPage;
  let watcher: WatchedPage;

  it('submits a pasted article and follows it through the four phases to 100 %, live on a second page', async () => {
    watcher = await open(`${server.url}/#/trabajos`);
    await watcher.page.locator('[data-connection="live"]').waitFor();
    submitter = await open(`${server.url}/#/enviar`);
    const { page } = submitter;
    await fillArticleForm(page, article);
    gate.hold = true;
    onTestFinished(() => gate.releaseAll());
    await page.getByRole('button', { name: 'Procesar artículo' }).click();
    await page.waitForURL(/#\/trabajo\/req_/);
    jobId = new URL(page.url()).hash.replace('#/trabajo/', '');

    // The other page never reloads: the job arrives through its onJobs stream.
    const row = watcher.page.locator(`.job-row[data-job-id="${jobId}"]`);
    await row.waitFor();
    expect(await row.locator('.job-title').textContent()).toBe(article.titular);

    for (const [index, phase] of PHASES.entries()) {
      const report = await gate.parked();
      expect(report.phase).toBe(phase);
      await page.locator(`.step[data-phase="${phase}"][data-state="running"]`).waitFor();
      await page.locator('[data-testid="job-percent"]', { hasText: `${report.percentage} %` }).waitFor();
      expect(await page.locator('.step[data-state="done"]').count()).toBe(index);
      expect(await page.locator(`.step[data-phase="${phase}"] .step-message`).textContent()).toBe(report.message);
      await row.locator('.job-percent', { hasText: `${report.percentage} %` }).waitFor();
      if (index === 1) {
        await row.locator('.job-phase', { hasText: 'Extracción' }).waitFor();
        // The server ends streams every second: the page must come back with the last event id.
        // (The browser's EventSource retries the same URL with a Last-Event-ID header; the link's
        // own reconnects put lastEventId in the input.)
        let resumedWith: string | undefined;
        while (resumedWith === undefined) {
          const request = await page.waitForRequest((r) => r.url().includes('/trpc/onStatus'));
          const input = trpcInput(request.url()) as { jobId?: string; lastEventId?: string | null } | undefined;
          if (input?.jobId !== jobId) continue;
          resumedWith = input.lastEventId ?? (await request.allHeaders())['last-event-id'];
        }
        expect(Number(resumedWith)).toBeGreaterThan(0);
        await page.locator('[data-testid="job-percent"]', { hasText: `${report.percentage} %` }).waitFor();
      }
      gate.release();
    }
    gate.hold = false;

    await page.locator('[data-testid="job-status"]', { hasText: 'Completado' }).waitFor();
    expect(await page.locator('[data-testid="job-percent"]').textContent()).toBe('100 %');
    expect(await page.locator('.step[data-state="done"]').count()).toBe(4);
    for (const time of await page.locator('.step-time').allTextContents()) expect(time).toMatch(/\d+(\.\d+)? (ms|s)$/);
    await row.and(watcher.page.locator('[data-status="completed"]')).waitFor();
    await screenshot(watcher.page, 'trabajos');
    expect(await seriousViolations(watcher.page)).toEqual([]);
  }, 90_000);

  it('shows the result as tables and as marks on the text, matching /status and the full result, linked both ways', async () => {
    expect(jobId).not.toBe('');
    const { page } = submitter;
    await page.locator('[data-testid="article-text"]').waitFor();

    const status = (await (await fetch(`${server.url}/status/${jobId}`)).json()) as {
      data: { result: { elementos_extraidos: Record<string, number> } };
    };
    const counts = status.data.result.elementos_extraidos;
    expect(counts.entidades).toBeGreaterThan(0);
    const rows = (table: string) => page.locator(`[data-testid="${table}"] tbody tr`).count();
    expect(await rows('tabla-hechos')).toBe(counts.hechos);
    expect(await rows('tabla-entidades')).toBe(counts.entidades);
    expect(await rows('tabla-citas')).toBe(counts.citas);
    expect(await rows('tabla-datos')).toBe(counts.datos_cuantitativos);

    const full = await client.getResult.query({ jobId });
    expect(full.text).toBe(article.contenido_texto);
    expect(await page.locator('[data-testid="article-text"]').textContent()).toBe(full.text);
    const marked = async (key: string) => (await page.locator(`[data-spans~="${key}"]`).allTextContents()).join('');
    const { fase_2_extraccion: f2, fase_3_citas_datos: f3 } = full.result!;
    for (const e of f2.entidades_extraidas)
      expect(await marked(`entidad-${e.id_entidad}`)).toBe(
        full.text!.slice(e.offset_inicio_entidad, e.offset_fin_entidad),
      );
    for (const c of f3.citas_textuales_extraidas)
      expect(await marked(`cita-${c.id_cita}`)).toBe(full.text!.slice(c.offset_inicio_cita, c.offset_fin_cita));
    for (const d of f3.datos_cuantitativos_extraidos) {
      expect(await marked(`dato-${d.id_dato_cuantitativo}`)).toBe(
        full.text!.slice(d.offset_inicio_dato, d.offset_fin_dato),
      );
    }

    // Row -> text.
    const entity = f2.entidades_extraidas.at(-1)!;
    await page.locator(`tr[data-key="entidad-${entity.id_entidad}"] button`).click();
    await page.locator(`mark.hl-selected[data-spans~="entidad-${entity.id_entidad}"]`).first().waitFor();
    expect(await page.locator(`tr[data-key="entidad-${entity.id_entidad}"]`).getAttribute('class')).toBe(
      'row-selected',
    );
    // Text -> row: a mark covered by one span only selects that span's row.
    const lone = page.locator('mark[data-spans]:not([data-spans*=" "])').nth(1);
    const key = (await lone.getAttribute('data-spans'))!;
    await lone.click();
    await page.locator(`tr.row-selected[data-key="${key}"]`).waitFor();
    expect(await page.locator('tr.row-selected').count()).toBe(1);

    await screenshot(page, 'trabajo');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('shows the server validation errors next to the fields, for a dropped file and for the form', async () => {
    const { page, errors } = await open(`${server.url}/#/enviar`);
    const fileInput = page.locator('input[type="file"]');

    await fileInput.setInputFiles(sample('invalid', 'missing-fields.json'));
    await page.locator('[data-testid="submit-error"]', { hasText: 'Error en la validación del artículo' }).waitFor();
    for (const field of ['medio', 'pais_publicacion', 'tipo_medio', 'fecha_publicacion', 'contenido_texto']) {
      expect(await page.locator(`tr[data-field="${field}"] .field-errors`).textContent()).toBe(
        `Campo '${field}' es requerido`,
      );
    }
    expect(await page.locator('tr[data-field="titular"] .field-errors').textContent()).toBe('');

    await fileInput.setInputFiles(sample('invalid', 'fragment-empty-text.json'));
    await page.locator('[data-testid="submit-error"]', { hasText: 'Error en la validación del fragmento' }).waitFor();
    expect(await page.locator('tr.has-error').count()).toBeGreaterThan(0);

    await fileInput.setInputFiles(sample('invalid', 'truncated-json.txt'));
    await page.locator('[data-testid="file-report"]', { hasText: 'El archivo no es JSON válido.' }).waitFor();

    // The form: short content, the rest filled in.
    for (const field of ['titular', 'medio', 'pais_publicacion', 'fecha_publicacion']) {
      await page.locator(`#campo-${field}`).fill(String(article[field]));
    }
    await page.locator('#campo-contenido_texto').fill('Muy corto.');
    await page.getByRole('button', { name: 'Procesar artículo' }).click();
    await page
      .locator('#error-contenido_texto', { hasText: "Campo 'contenido_texto' debe tener al menos 50 caracteres" })
      .waitFor();
    expect(await page.locator('#campo-contenido_texto').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-titular').count()).toBe(0);

    await screenshot(page, 'enviar');
    expect(await seriousViolations(page)).toEqual([]);
    // The 400 answers themselves are logged by the browser; nothing else may be.
    expect(unexpected(errors, [BAD_REQUEST])).toEqual([]);
    // A valid fragment file goes through and opens its job.
    await fileInput.setInputFiles(sample('fragments', '01-informe-fragmento.json'));
    await page.waitForURL(/#\/trabajo\/req_/);
    await page.locator('[data-testid="job-status"]', { hasText: 'Completado' }).waitFor();
  }, 60_000);

  it('cancels a running job from its page, which then shows it failed as cancelled in the phase it was in', async () => {
    gate.hold = true;
    onTestFinished(() => gate.releaseAll());
    const submitted = await client.processFragment.mutate({
      fragmento: JSON.parse(readFileSync(sample('fragments', '01-informe-fragmento.json'), 'utf8')) as never,
      mode: 'async',
    });
    const id = submitted.job.job_id;
    const { page } = await open(`${server.url}/#/trabajo/${id}`);
    expect((await gate.parked()).phase).toBe('triaje');
    await page.locator('.step[data-phase="triaje"][data-state="running"]').waitFor();
    await page.getByRole('button', { name: 'Cancelar trabajo' }).click();

    await page.locator('[data-testid="job-status"]', { hasText: 'Fallido' }).waitFor();
    await page
      .locator('.alert', { hasText: 'Procesamiento cancelado a petición del cliente (cancelled, fase triaje)' })
      .waitFor();
    expect(await page.getByRole('button', { name: /Cancelar trabajo|Cancelando/ }).count()).toBe(0);
    const status = (await (await fetch(`${server.url}/status/${id}`)).json()) as {
      data: { status: string; error: { tipo: string; fase: string | null } };
    };
    expect(status.data).toMatchObject({ status: 'failed', error: { tipo: 'cancelled', fase: 'triaje' } });
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('shows counts by status and completions per minute on the service view', async () => {
    const { page } = await open(`${server.url}/#/servicio`);
    const stats = await client.stats.query();
    const completed = page.locator('[data-testid="service-counts"] [data-status="completed"] dd');
    await completed.filter({ hasText: String(stats.jobs.counts.completed) }).waitFor();
    expect(stats.jobs.counts.completed).toBeGreaterThanOrEqual(2);
    const label = await page.locator('.chart svg').getAttribute('aria-label');
    const perMinute = label!.split(': ')[1]!.split(', ').map(Number);
    expect(perMinute).toHaveLength(15);
    // Jobs finished before the page opened come from listJobs, later ones from the stream.
    expect(perMinute.reduce((a, b) => a + b, 0)).toBe(stats.jobs.counts.completed);
    await screenshot(page, 'servicio');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('reconnects to a stopped and restarted server without a reload', async () => {
    let own = await startServer({}, { webRoot });
    const port = Number(new URL(own.url).port);
    const { page, errors } = await open(`${own.url}/#/trabajos`);
    await page.locator('[data-connection="live"]').waitFor();
    await page.evaluate('window.sinRecargar = true');
    await own.close();
    await page.locator('[data-connection="reconnecting"]').waitFor();
    own = await startServer({}, { webRoot, port });
    try {
      await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
      const { body } = await fetch(`${own.url}/procesar_fragmento`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'respond-async' },
        body: readFileSync(sample('fragments', '02-ley-fragmento.json')),
      }).then(async (r) => ({ body: (await r.json()) as { job_id: string } }));
      await page.locator(`.job-row[data-job-id="${body.job_id}"][data-status="completed"]`).waitFor();
      expect(await page.evaluate('window.sinRecargar')).toBe(true);
    } finally {
      await own.close();
    }
    // What the browser logs while the server is away: its failed connections, nothing of the page's own.
    expect(
      unexpected(errors, [
        /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET|ERR_INCOMPLETE_CHUNKED_ENCODING/,
      ]),
    ).toEqual([]);
  }, 90_000);

  it('logged no console errors on any page', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const { errors } of pages)
      expect(
        unexpected(errors, [
          BAD_REQUEST,
          /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET|ERR_INCOMPLETE_CHUNKED_ENCODING/,
        ]),
      ).toEqual([]);
  });
});
