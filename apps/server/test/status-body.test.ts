import { createMemoryJobTracker } from '@noticias/tracker';
import { describe, expect, it } from 'vitest';
import { StatusBodies } from '../src/rest/status-body.ts';

describe('StatusBodies.envelope', () => {
  it('answers the timestamp of its clock: the same bytes within a millisecond, a new body after, and the new version once the job moves', async () => {
    let now = Date.parse('2026-12-05T10:00:00.000Z');
    const bodies = new StatusBodies('9.9.9', () => now);
    const tracker = createMemoryJobTracker();
    const { job_id: id } = await tracker.create({
      kind: 'fragmento',
      metadata: {
        tipo: 'fragmento',
        id_fragmento: 'f',
        id_articulo_fuente: 'a',
        longitud_texto: 1,
        orden_en_articulo: null,
      },
    });
    const pending = (await tracker.get(id))!;
    const first = bodies.envelope(pending);
    expect(bodies.envelope(pending)).toBe(first);
    expect(JSON.parse(first)).toMatchObject({
      timestamp: '2026-12-05T10:00:00.000Z',
      api_version: '9.9.9',
      data: pending,
    });
    now += 1;
    expect(JSON.parse(bodies.envelope(pending)).timestamp).toBe('2026-12-05T10:00:00.001Z');
    await tracker.start(id);
    const processing = (await tracker.get(id))!;
    expect(JSON.parse(bodies.envelope(processing))).toMatchObject({
      timestamp: '2026-12-05T10:00:00.001Z',
      data: { status: 'processing' },
    });
    await tracker.close?.();
  });
});
