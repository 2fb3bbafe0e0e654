import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/repo.ts';
import {
  ERROR_CATALOGUE,
  ERROR_KINDS,
  errorMessage,
  fillMessage,
  JOB_FAILURE_CATALOGUE,
  jobFailureMessage,
  TRPC_ERROR_NAMES,
  type CatalogueMessage,
} from '../src/index.ts';

// docs/errors.md shows the catalogue as tables between marker comments. The tables are checked
// row for row against the code, so a code, status or message changed in one place and not the
// other fails here (the model is Fastify's test of docs/Reference/Errors.md).

const DOC = join(repoRoot(), 'docs', 'errors.md');

function since(entry: CatalogueMessage): string {
  return entry.since === '0.1' ? '0.1' : `used from v${entry.since}`;
}

function messageCell(entry: CatalogueMessage): string {
  const variants = Object.entries(entry.variants ?? {}).map(([name, text]) => `<br>\`${name}\`: ${text}`);
  return [entry.message, ...variants].join('');
}

function errorsTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, e]) =>
      `| \`${code}\` | \`${e.kind}\` | ${e.httpStatus} | \`${e.trpcCode}\` | ${e.retryAfter ? 'yes' : 'no'} | ${messageCell(e)} | ${since(e)} |`,
  );
  return [
    '| code | `error` | HTTP | tRPC | Retry-After | message | since |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function jobFailuresTable(): string {
  const rows = Object.entries(JOB_FAILURE_CATALOGUE).map(
    ([tipo, e]) => `| \`${tipo}\` | ${messageCell(e)} | ${since(e)} |`,
  );
  return ['| `error.tipo` | message | since |', '|---|---|---|', ...rows].join('\n');
}

function between(text: string, name: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC} needs the markers ${start} and ${end}`);
  return text.slice(from + start.length, to).trim();
}

describe('error catalogue', () => {
  it.each(Object.entries(ERROR_CATALOGUE))(
    '%s: known kind, tRPC code and status, consistent with itself',
    (_code, entry) => {
      expect(ERROR_KINDS).toContain(entry.kind);
      expect(TRPC_ERROR_NAMES).toContain(entry.trpcCode);
      expect(['0.1', '0.2']).toContain(entry.since);
      expect(typeof entry.retryAfter).toBe('boolean');
      expect(Number.isInteger(entry.httpStatus) && entry.httpStatus >= 400 && entry.httpStatus <= 599).toBe(true);
      // A 5xx is the server's problem, a 4xx the caller's: the REST kind says which.
      expect(entry.kind === 'internal_error' || entry.kind === 'service_unavailable').toBe(entry.httpStatus >= 500);
      expect(entry.retryAfter).toBe(entry.httpStatus === 503 || entry.httpStatus === 429);
    },
  );

  it.each(Object.entries(JOB_FAILURE_CATALOGUE))('job failure %s: a message and a version', (_tipo, entry) => {
    expect(entry.message.length).toBeGreaterThan(0);
    expect(['0.1', '0.2']).toContain(entry.since);
  });

  it('carries the v0.2 error bodies of the REST contract', () => {
    const v02 = Object.values(ERROR_CATALOGUE).filter((entry) => entry.since === '0.2');
    expect(v02.map((entry) => [entry.kind, entry.httpStatus]).sort()).toEqual(
      [
        ['conflict', 409],
        ['forbidden', 403],
        ['idempotency_conflict', 422],
        ['rate_limited', 429],
        ['unauthorized', 401],
      ].sort(),
    );
    expect(jobFailureMessage('cancelled')).toBe('Procesamiento cancelado a petición del cliente');
    expect(errorMessage('IDEMPOTENCY_CONFLICT')).toBe('La clave de idempotencia ya se usó con otro contenido');
  });

  it('fills parameters and picks variants; an unknown variant is an error, not a silent default', () => {
    expect(errorMessage('JOB_NOT_FOUND', { job_id: 'req_x' })).toBe(
      "Job con ID 'req_x' no encontrado. Verifique que el ID sea correcto.",
    );
    expect(errorMessage('JOB_FINISHED', { job_id: 'req_x', status: 'completed' })).toBe(
      "El job 'req_x' ya terminó (completed)",
    );
    expect(errorMessage('VALIDATION_FAILED', {}, 'fragmento')).toBe('Error en la validación del fragmento');
    expect(fillMessage('{a} y {b}', { a: 1 })).toBe('1 y {b}');
    expect(() => errorMessage('VALIDATION_FAILED', {}, 'nada')).toThrow(/nada/);
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('shows every error code as the catalogue has it, and no other', () => {
    expect(between(doc, 'error-codes'), 'regenerate the table in docs/errors.md from the catalogue').toBe(
      errorsTable(),
    );
  });

  it('shows every job failure type as the catalogue has it, and no other', () => {
    expect(between(doc, 'job-failures'), 'regenerate the table in docs/errors.md from the catalogue').toBe(
      jobFailuresTable(),
    );
  });
});
