import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../server/test/support/server.ts';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { buildPage } from './support/build-page.ts';
import { outputDir } from './support/pages.ts';

// Figures for the README, logged and written to test-output/, never asserted on: the machines
// these run on are shared and noisy. The assertions only check that each measurement happened.

let browser: TestBrowser;
let server: TestServer;
const figures: Record<string, number> = {};

beforeAll(async () => {
  const webRoot = await buildPage();
  browser = await launchBrowser();
  server = await startServer({}, { webRoot });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(join(outputDir, 'measurements.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log('web measurements', figures);
});

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

describe('the page, measured', () => {
  it('JavaScript shipped for the first view (gzip)', async () => {
    const page = await browser.context.newPage();
    const bodies: Promise<Buffer>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') bodies.push(response.body());
    });
    await page.goto(`${server.url}/#/trabajos`);
    await page.locator('[data-connection="live"]').waitFor();
    const scripts = await Promise.all(bodies);
    expect(scripts.length).toBeGreaterThan(0);
    figures.first_view_js_gzip_kb = Math.round(
      scripts.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0) / 1024,
    );
    await page.close();
  }, 60_000);

  it('time from a job completing on the server to the page showing it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/#/trabajos`);
    await page.locator('[data-connection="live"]').waitFor();
    // The page side: when each job's row first shows `completed`.
    await page.evaluate(`
      window.seen = {};
      new MutationObserver(() => {
        for (const row of document.querySelectorAll('.job-row[data-status="completed"]')) {
          window.seen[row.dataset.jobId] ??= Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    `);
    // The server side: when the tracker announces each completion.
    const completedAt = new Map<string, number>();
    const abort = new AbortController();
    const watching = (async () => {
      for await (const event of server.tracker.subscribeAll({ signal: abort.signal })) {
        if (event.snapshot.status === 'completed') completedAt.set(event.snapshot.job_id, Date.now());
      }
    })().catch(() => undefined);
    const fragment = {
      id_articulo_fuente: 'medida',
      texto_original: 'El Gobierno aprobó ayer el plan en Madrid, según el ministro Pérez.',
    };
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`${server.url}/procesar_fragmento`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'respond-async' },
        body: JSON.stringify({ ...fragment, id_fragmento: `medida-${i}` }),
      });
      const { job_id: jobId } = (await response.json()) as { job_id: string };
      const shownAt = await page.waitForFunction(
        (id) => (globalThis as { seen?: Record<string, number> }).seen?.[id],
        jobId,
      );
      latencies.push(((await shownAt.jsonValue()) as number) - completedAt.get(jobId)!);
    }
    abort.abort();
    await watching;
    expect(latencies).toHaveLength(60);
    figures.completion_to_page_p50_ms = quantile(latencies, 0.5);
    figures.completion_to_page_p99_ms = quantile(latencies, 0.99);
    await page.close();
  }, 120_000);

  it('long tasks while 500 job updates per second arrive, over 2,000 jobs', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/#/trabajos`);
    await page.locator('[data-connection="live"]').waitFor();
    const ids: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const job = await server.tracker.create({
        kind: 'fragmento',
        metadata: {
          tipo: 'fragmento',
          id_fragmento: `carga-${i}`,
          id_articulo_fuente: 'carga',
          longitud_texto: 100,
          orden_en_articulo: i,
        },
      });
      await server.tracker.start(job.job_id);
      ids.push(job.job_id);
    }
    const total = (await server.tracker.stats()).total;
    await page
      .locator('.filters label', { hasText: `Todos (${total})` })
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        console.log('jobs label', await page.locator('.filters label').first().textContent(), 'expected', total);
        throw error;
      });
    await page.evaluate(`
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    `);
    // 5 seconds at 500 updates/s, in 10 ms ticks of 5 updates (a load generator, not a wait).
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (let k = 0; k < 5; k++) {
          const id = ids[(sent * 7919) % ids.length]!;
          sent += 1;
          void server.tracker
            .progress(id, { percentage: sent % 100, message: `Actualización ${sent}` })
            .catch(() => undefined);
        }
        if (sent >= 2_500) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const long = await page.evaluate<number[]>('window.longTasks');
    expect(sent).toBe(2_500);
    figures.updates_sent = sent;
    figures.long_tasks_over_50ms = long.filter((d) => d > 50).length;
    // Long-task entries exist only for tasks over 50 ms: 0 means there was none.
    figures.longest_long_task_ms = Math.round(Math.max(0, ...long));
    await page.close();
  }, 180_000);
});
