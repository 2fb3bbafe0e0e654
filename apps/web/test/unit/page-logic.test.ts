import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/routing/route.ts';
import { perMinute } from '../../src/service/per-minute.ts';
import { readSubmissionFile } from '../../src/submit/read-submission-file.ts';
import { segmentsOf, type TextSpan } from '../../src/job/text-spans.ts';

const span = (kind: TextSpan['kind'], id: number, start: number, end: number): TextSpan => ({
  key: `${kind}-${id}`,
  kind,
  id,
  start,
  end,
});

describe('segmentsOf', () => {
  it('cuts overlapping spans into pieces that know every span covering them, innermost first', () => {
    const quote = span('cita', 1, 0, 20);
    const entity = span('entidad', 2, 5, 10);
    const segments = segmentsOf([quote, entity]);
    expect(segments.map((s) => [s.start, s.end, s.spans.map((x) => x.key)])).toEqual([
      [0, 5, ['cita-1']],
      [5, 10, ['entidad-2', 'cita-1']],
      [10, 20, ['cita-1']],
    ]);
  });

  it('leaves uncovered text out', () => {
    expect(segmentsOf([span('dato', 1, 0, 2), span('dato', 2, 5, 6)]).map((s) => [s.start, s.end])).toEqual([
      [0, 2],
      [5, 6],
    ]);
  });
});

describe('readSubmissionFile', () => {
  it('tells articles from fragments, wrapped or not, and rejects what is not a JSON object', () => {
    expect(readSubmissionFile('{"titular":"x"}').kind).toBe('articulo');
    expect(readSubmissionFile('{"articulo":{"titular":"x"}}')).toEqual({ kind: 'articulo', body: { titular: 'x' } });
    expect(readSubmissionFile('{"texto_original":"x"}').kind).toBe('fragmento');
    expect(readSubmissionFile('{"fragmento":{"id_fragmento":"f"}}')).toEqual({
      kind: 'fragmento',
      body: { id_fragmento: 'f' },
    });
    expect(readSubmissionFile('{"titular": ')).toEqual({ kind: 'invalid', reason: 'El archivo no es JSON válido.' });
    expect(readSubmissionFile('[1]').kind).toBe('invalid');
  });
});

describe('parseRoute', () => {
  it('reads the views from the hash and falls back to the job list', () => {
    expect(parseRoute('#/trabajo/req_abc123')).toEqual({ view: 'trabajo', jobId: 'req_abc123' });
    expect(parseRoute('#/enviar')).toEqual({ view: 'enviar' });
    expect(parseRoute('#/servicio')).toEqual({ view: 'servicio' });
    expect(parseRoute('')).toEqual({ view: 'trabajos' });
    expect(parseRoute('#/trabajo/<script>')).toEqual({ view: 'trabajos' });
  });
});

describe('perMinute', () => {
  it('counts completions per minute, the current minute last, ignoring older ones', () => {
    const now = Date.UTC(2026, 0, 1, 12, 30, 30);
    const minute = 60_000;
    const buckets = perMinute([now - 10_000, now - 40_000, now - 2 * minute, now - 20 * minute], now, 3);
    expect(buckets.map((b) => b.count)).toEqual([1, 1, 1]);
    expect(buckets.at(-1)!.start).toBe(Date.UTC(2026, 0, 1, 12, 30));
  });
});
