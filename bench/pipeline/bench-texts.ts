/** The bench's inputs: the shared samples and long Spanish articles built from their paragraphs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle, parseFragment, type Article, type Fragment } from '../../packages/contract/src/index.ts';
import type { PipelineInput } from '../../packages/pipeline/src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
const samplesRoot = [join(root, '../shared/samples')].find((d) => existsSync(join(d, 'articles')));
if (!samplesRoot) throw new Error('samples not found');

function load<T>(
  dir: string,
  parse: (raw: unknown) => { ok: true; value: T } | { ok: false; detalles: string[] },
): [string, T][] {
  return readdirSync(join(samplesRoot!, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = parse(JSON.parse(readFileSync(join(samplesRoot!, dir, f), 'utf8')));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.detalles.join('; ')}`);
      return [f, parsed.value];
    });
}

export const sampleArticles: [string, Article][] = load('articles', parseArticle);
export const sampleFragments: [string, Fragment][] = load('fragments', parseFragment);
const spanish = sampleArticles.map(([, a]) => a).filter((a) => a.idioma === 'es');

/**
 * Paragraphs of the Spanish samples, repeated until the text reaches `bytes` UTF-8 bytes. Each
 * round of repetition renames the capitalised words ("Molina" -> "Molinab") so a long text has as
 * many distinct names per kilobyte as a short one: work per distinct entity is part of the cost.
 */
export function buildText(bytes: number): string {
  const paragraphs = spanish.flatMap((a) => a.contenido_texto.split('\n\n'));
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const round = Math.floor(i / paragraphs.length);
    const p = paragraphs[i % paragraphs.length]!;
    const renamed = round === 0 ? p : p.replace(/\b(\p{Lu}\p{Ll}{3,})/gu, (w) => `${w}${suffix(round)}`);
    out.push(renamed);
    size += Buffer.byteLength(renamed) + 2;
  }
  return out.join('\n\n');
}

function suffix(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor(k / 26)) s = String.fromCharCode(97 + (k % 26)) + s;
  return s;
}

export function benchInput(text: string, n: number): PipelineInput {
  const base = spanish[0]!;
  return {
    kind: 'articulo',
    requestId: `req_bench${n}`,
    article: { ...base, contenido_texto: text },
    longArticleThreshold: 10_000,
  };
}
