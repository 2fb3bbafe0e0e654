import { describe, expect, it } from 'vitest';
import { JOB_ID_PATTERN, PROGRESS_MESSAGES, type JobStatus } from '@noticias/contract';
import type { JobTracker } from '../../src/index.ts';
import {
  articleMetadata,
  collect,
  expectTrackerError,
  fragmentJob,
  fragmentMetadata,
  jobId,
  jobIn,
  resultSummary,
  T0,
  type Setup,
} from './harness.ts';

const iso = (ms: number) => new Date(ms).toISOString();

type Operation = 'start' | 'progress' | 'complete' | 'fail';
const operations: Record<Operation, (tracker: JobTracker, id: string) => Promise<unknown>> = {
  start: (t, id) => t.start(id),
  progress: (t, id) => t.progress(id, { percentage: 50, message: 'x' }),
  complete: (t, id) => t.complete(id, resultSummary()),
  fail: (t, id) => t.fail(id, { tipo: 't', mensaje: 'm', fase: null }),
};
const legal: Record<JobStatus, Operation[]> = {
  pending: ['start', 'fail'],
  processing: ['progress', 'complete', 'fail'],
  completed: [],
  failed: [],
};
const illegal = (Object.keys(legal) as JobStatus[]).flatMap((status) =>
  (Object.keys(operations) as Operation[])
    .filter((op) => !legal[status].includes(op))
    .map((op) => [status, op] as const),
);

export function lifecycleSuite(setup: Setup): void {
  describe('lifecycle', () => {
    it('create returns the contract snapshot of a pending job', async () => {
      const { tracker } = await setup();
      const snapshot = await tracker.create(fragmentJob());
      expect(snapshot).toEqual({
        job_id: expect.stringMatching(JOB_ID_PATTERN),
        status: 'pending',
        created_at: '2026-11-30T15:04:05.123Z',
        updated_at: '2026-11-30T15:04:05.123Z',
        progress: { percentage: 0, message: PROGRESS_MESSAGES.pending },
        metadata: fragmentMetadata(),
      });
      expect(Object.keys(snapshot)).not.toContain('result');
      expect(Object.keys(snapshot)).not.toContain('error');
      expect(await tracker.get(snapshot.job_id)).toEqual(snapshot);
    });

    it('generates distinct req_ + 32 hex ids', async () => {
      const { tracker } = await setup();
      const ids = new Set<string>();
      for (let i = 0; i < 300; i++) ids.add((await tracker.create(fragmentJob(i))).job_id);
      expect(ids.size).toBe(300);
      for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    });

    it('uses an injected id, and refuses a malformed or taken one', async () => {
      const { tracker } = await setup();
      expect((await tracker.create({ ...fragmentJob(), id: jobId(7) })).job_id).toBe(jobId(7));
      await expectTrackerError(tracker.create({ ...fragmentJob(), id: jobId(7) }), 'INVALID_ARGUMENT');
      await expectTrackerError(tracker.create({ ...fragmentJob(), id: 'job-1' }), 'INVALID_ARGUMENT');
      expect((await tracker.stats()).total).toBe(1);
    });

    it('refuses metadata of the other kind', async () => {
      const { tracker } = await setup();
      await expectTrackerError(tracker.create({ kind: 'articulo', metadata: fragmentMetadata() }), 'INVALID_ARGUMENT');
    });

    it('keeps its own copy of the metadata, with the headline cut to 100 characters', async () => {
      const { tracker } = await setup();
      const metadata = { ...articleMetadata(), titular: 'x'.repeat(150) };
      const { job_id: id } = await tracker.create({ kind: 'articulo', metadata });
      metadata.medio = 'changed later';
      const stored = (await tracker.get(id))!.metadata!;
      expect(stored).toEqual({ ...articleMetadata(), titular: 'x'.repeat(100) });
    });

    it('runs pending -> processing -> completed with phase progress and timing metadata', async () => {
      const { tracker, clock } = await setup();
      const { job_id: id } = await tracker.create(fragmentJob());
      clock.advance(1000);
      const started = await tracker.start(id);
      expect(started.status).toBe('processing');
      expect(started.updated_at).toBe(iso(T0 + 1000));
      expect(started.progress.percentage).toBe(0);
      clock.advance(2000);
      const phase = {
        percentage: 25,
        message: 'Fase 2 de 4: extracción',
        phase: 'extraccion',
        phase_index: 2,
        phase_count: 4,
      } as const;
      expect((await tracker.progress(id, phase)).progress).toEqual(phase);
      clock.advance(10_500);
      const done = await tracker.complete(id, resultSummary());
      expect(done).toEqual({
        job_id: id,
        status: 'completed',
        created_at: iso(T0),
        updated_at: iso(T0 + 13_500),
        progress: { percentage: 100, message: PROGRESS_MESSAGES.completed },
        result: resultSummary(),
        metadata: {
          ...fragmentMetadata(),
          started_at: iso(T0 + 1000),
          finished_at: iso(T0 + 13_500),
          duracion_segundos: 12.5,
        },
      });
      expect(Object.keys(done)).not.toContain('error');
      expect(await tracker.get(id)).toEqual(done);
    });

    it('fails a processing job keeping its percentage, with a timestamped error', async () => {
      const { tracker, clock } = await setup();
      const id = await jobIn(tracker, 'processing');
      await tracker.progress(id, { percentage: 60, message: 'Fase 3', phase: 'citas_datos' });
      clock.advance(4000);
      const failed = await tracker.fail(id, { tipo: 'pipeline_error', mensaje: 'LLM caído', fase: 'citas_datos' });
      expect(failed.status).toBe('failed');
      expect(failed.progress).toEqual({ percentage: 60, message: PROGRESS_MESSAGES.failed });
      expect(failed.error).toEqual({
        tipo: 'pipeline_error',
        mensaje: 'LLM caído',
        fase: 'citas_datos',
        timestamp: iso(T0 + 4000),
      });
      expect(Object.keys(failed)).not.toContain('result');
      expect(failed.metadata).toMatchObject({ started_at: iso(T0), finished_at: iso(T0 + 4000), duracion_segundos: 4 });
    });

    it('fails a pending job: no started_at, zero duration', async () => {
      const { tracker, clock } = await setup();
      const { job_id: id } = await tracker.create(fragmentJob());
      clock.advance(500);
      const failed = await tracker.fail(id, { tipo: 'cancelado', mensaje: 'cola cerrada', fase: null });
      expect(failed.progress).toEqual({ percentage: 0, message: PROGRESS_MESSAGES.failed });
      expect(failed.metadata).toEqual({ ...fragmentMetadata(), finished_at: iso(T0 + 500), duracion_segundos: 0 });
    });

    it.each(illegal)('refuses %s -> %s and leaves the job unchanged', async (status, op) => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, status);
      const before = await tracker.get(id);
      await expectTrackerError(operations[op](tracker, id), 'INVALID_TRANSITION');
      expect(await tracker.get(id)).toEqual(before);
    });

    it.each(Object.keys(operations) as Operation[])('%s on an unknown id rejects JOB_NOT_FOUND', async (op) => {
      const { tracker } = await setup();
      await expectTrackerError(operations[op](tracker, jobId(404)), 'JOB_NOT_FOUND');
      expect(await tracker.get(jobId(404))).toBeUndefined();
    });

    it('clamps progress to 0..100 and refuses a NaN percentage or an unknown phase', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      expect((await tracker.progress(id, { percentage: 140, message: 'm' })).progress.percentage).toBe(100);
      expect((await tracker.progress(id, { percentage: -3, message: 'm' })).progress.percentage).toBe(0);
      await expectTrackerError(tracker.progress(id, { percentage: Number.NaN, message: 'm' }), 'INVALID_ARGUMENT');
      await expectTrackerError(
        tracker.progress(id, { percentage: 5, message: 'm', phase: 'fase_x' as 'triaje' }),
        'INVALID_ARGUMENT',
      );
    });

    it('bumps seq by one and updated_at on every change, never backwards', async () => {
      const { tracker, clock } = await setup();
      const { job_id: id } = await tracker.create(fragmentJob());
      clock.advance(10);
      await tracker.start(id);
      clock.advance(-5_000); // a clock stepping back must not reorder the job's history
      await tracker.progress(id, { percentage: 10, message: 'a' });
      clock.advance(6_000);
      await tracker.complete(id, resultSummary());
      const events = await collect(tracker.subscribe(id, { afterSeq: 0 }));
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      const times = events.map((e) => Date.parse(e.snapshot.updated_at));
      expect(times).toEqual([T0, T0 + 10, T0 + 10, T0 + 1010]);
    });

    it('hands out snapshots nobody can change', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'completed');
      const snapshot = (await tracker.get(id))!;
      expect(Object.isFrozen(snapshot)).toBe(true);
      expect(Object.isFrozen(snapshot.progress)).toBe(true);
      expect(Object.isFrozen(snapshot.metadata)).toBe(true);
      expect(Object.isFrozen(snapshot.result)).toBe(true);
      expect(Object.isFrozen(snapshot.result!.elementos_extraidos)).toBe(true);
    });

    it('stores the result summary fields only', async () => {
      const { tracker } = await setup();
      const id = await jobIn(tracker, 'processing');
      const bloated = { ...resultSummary(), fase_2_extraccion: { hechos_extraidos: new Array(1000).fill(0) } };
      const done = await tracker.complete(id, bloated);
      expect(done.result).toEqual(resultSummary());
    });
  });
}
