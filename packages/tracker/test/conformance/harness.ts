import { afterEach, expect } from 'vitest';
import type { ArticleJobMetadata, FragmentJobMetadata, JobResultSummary } from '@noticias/contract';
import {
  TrackerError,
  type Clock,
  type JobTracker,
  type TrackerErrorCode,
  type TrackerLimits,
} from '../../src/index.ts';

/** What a conformance factory receives: it must build a fresh, empty tracker using both. */
export interface TrackerFactoryOptions {
  clock: Clock;
  limits: Partial<TrackerLimits>;
}

export type TrackerFactory = (options: TrackerFactoryOptions) => JobTracker | Promise<JobTracker>;

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** 2026-11-30T15:04:05.123Z */
export const T0 = Date.UTC(2026, 10, 30, 15, 4, 5, 123);

export function createManualClock(start = T0): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    set: (ms) => void (now = ms),
  };
}

export interface Harness {
  tracker: JobTracker;
  clock: ManualClock;
}

export type Setup = (limits?: Partial<TrackerLimits>) => Promise<Harness>;

/** Trackers built in a test are closed after it. The timer stays off unless a test asks. */
export function setupWith(factory: TrackerFactory): Setup {
  const open: JobTracker[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((tracker) => tracker.close()));
  });
  return async (limits = {}) => {
    const clock = createManualClock();
    const tracker = await factory({ clock, limits: { sweepIntervalMs: Infinity, ...limits } });
    open.push(tracker);
    return { tracker, clock };
  };
}

export const fragmentMetadata = (n = 1): FragmentJobMetadata => ({
  tipo: 'fragmento',
  id_fragmento: `frag-${n}`,
  id_articulo_fuente: 'art-1',
  longitud_texto: 1200,
  orden_en_articulo: n,
});

export const articleMetadata = (): ArticleJobMetadata => ({
  tipo: 'articulo',
  medio: 'El Diario',
  titular: 'Presupuestos generales aprobados',
  fecha_publicacion: '2026-11-29T08:00:00Z',
  longitud_contenido: 15_000,
});

export const resultSummary = (n = 1): JobResultSummary => ({
  fragmento_id: `frag-${n}`,
  fragmento_uuid: '6f1c2a9e-8d4b-4c1a-9a55-0b2f3c4d5e6f',
  tiempo_procesamiento_segundos: 12.5,
  elementos_extraidos: { hechos: 3, entidades: 5, citas: 1, datos_cuantitativos: 2 },
});

export const fragmentJob = (n = 1) => ({ kind: 'fragmento' as const, metadata: fragmentMetadata(n) });

/** A valid id whose last digits are `n`. */
export const jobId = (n: number): string => `req_${n.toString(16).padStart(32, '0')}`;

export async function expectTrackerError(promise: Promise<unknown>, code: TrackerErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrackerError);
  expect((error as TrackerError).code).toBe(code);
}

export { collect } from '../../../../test/support/collect.ts';

/** Creates a job and moves it to `status` (through the legal path). */
export async function jobIn(
  tracker: JobTracker,
  status: 'pending' | 'processing' | 'completed' | 'failed',
  n = 1,
): Promise<string> {
  const { job_id: id } = await tracker.create(fragmentJob(n));
  if (status === 'pending') return id;
  if (status === 'failed') {
    await tracker.fail(id, { tipo: 'test', mensaje: 'falló', fase: null });
    return id;
  }
  await tracker.start(id);
  if (status === 'completed') await tracker.complete(id, resultSummary(n));
  return id;
}
