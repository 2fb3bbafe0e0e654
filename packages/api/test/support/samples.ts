import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticle, parseFragment, type Article, type Fragment } from '@noticias/contract';
import { samplesDir } from '../../../../test/support/repo.ts';

const samples = samplesDir();

export function sampleArticle(overrides: Record<string, unknown> = {}): Article {
  const raw = JSON.parse(readFileSync(join(samples, 'articles/01-presupuestos-es.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const parsed = parseArticle({ ...raw, ...overrides });
  if (!parsed.ok) throw new Error(parsed.detalles.join('; '));
  return parsed.value;
}

export function sampleFragment(overrides: Record<string, unknown> = {}): Fragment {
  const raw = JSON.parse(readFileSync(join(samples, 'fragments/01-informe-fragmento.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const parsed = parseFragment({ ...raw, ...overrides });
  if (!parsed.ok) throw new Error(parsed.detalles.join('; '));
  return parsed.value;
}
