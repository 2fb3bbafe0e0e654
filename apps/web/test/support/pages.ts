import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const outputDir = join(import.meta.dirname, '../../test-output');

/** A screenshot of a view, for a person to look at when the layout changes (the folder is ignored by git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The errors a test expects the browser itself to log (failed requests it caused on purpose). */
export function unexpected(errors: readonly string[], allowed: readonly RegExp[] = []): string[] {
  return errors.filter((e) => !allowed.some((pattern) => pattern.test(e)));
}

/** The decoded input of a tRPC GET (queries and SSE subscriptions put it in `?input=`). */
export function trpcInput(url: string): unknown {
  const raw = new URL(url).searchParams.get('input');
  return raw === null ? undefined : (JSON.parse(raw) as { json?: unknown }).json;
}

/** The submit view's fields a pasted article needs, filled from a sample article. */
export async function fillArticleForm(page: Page, article: Readonly<Record<string, unknown>>): Promise<void> {
  for (const field of ['titular', 'medio', 'pais_publicacion', 'tipo_medio', 'fecha_publicacion', 'contenido_texto']) {
    await page.locator(`#campo-${field}`).fill(String(article[field]));
  }
}
