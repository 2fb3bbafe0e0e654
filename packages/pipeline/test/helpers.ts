import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticle, parseFragment, type Article, type Fragment } from '@noticias/contract';
import { samplesDir } from '../../../test/support/repo.ts';
import type { PipelineInput } from '../src/index.ts';

const SAMPLES = samplesDir();

export function loadArticle(name: string): Article {
  const parsed = parseArticle(JSON.parse(readFileSync(join(SAMPLES, 'articles', name), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.detalles.join('; '));
  return parsed.value;
}

export function loadFragment(name: string): Fragment {
  const parsed = parseFragment(JSON.parse(readFileSync(join(SAMPLES, 'fragments', name), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.detalles.join('; '));
  return parsed.value;
}

export const articleNames = (): string[] =>
  readdirSync(join(SAMPLES, 'articles'))
    .filter((f) => f.endsWith('.json'))
    .sort();
export const fragmentNames = (): string[] =>
  readdirSync(join(SAMPLES, 'fragments'))
    .filter((f) => f.endsWith('.json'))
    .sort();

export function articleInput(article: Article, requestId = 'req_0123456789abcdef01234567'): PipelineInput {
  return { kind: 'articulo', requestId, article, longArticleThreshold: 10_000 };
}

export function fragmentInput(fragment: Fragment, requestId = 'req_0123456789abcdef01234567'): PipelineInput {
  return { kind: 'fragmento', requestId, fragment };
}

export function inputText(input: PipelineInput): string {
  return input.kind === 'articulo' ? input.article.contenido_texto : input.fragment.texto_original;
}

/** A long Spanish article made of the samples' paragraphs, about `chars` characters. */
export function longArticle(chars: number): Article {
  const base = loadArticle('01-presupuestos-es.json');
  const paragraphs = articleNames()
    .map(loadArticle)
    .filter((a) => a.idioma === 'es')
    .flatMap((a) => a.contenido_texto.split('\n\n'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    parts.push(p);
    size += p.length + 2;
  }
  return { ...base, contenido_texto: parts.join('\n\n') };
}
