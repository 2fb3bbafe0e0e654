import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTerminalStatus, type JobEvent, type JobSnapshot, type JobStatus } from '@noticias/contract';
import { createMemoryJobTracker, type TrackerError, type JobTracker } from '../src/index.ts';
import { createManualClock, fragmentJob, resultSummary } from './conformance/harness.ts';

// Random sequences of operations, legal or not, against small limits so that the cap,
// retention, timeouts and history trimming all happen within a few dozen steps.
const LIMITS = { maxStored: 4, retentionMs: 60_000, timeoutMs: 30_000, sweepIntervalMs: Infinity };

type Command =
  | { op: 'create' }
  | { op: 'start' | 'complete' | 'fail'; job: number }
  | { op: 'progress'; job: number; percentage: number }
  | { op: 'advance'; ms: number }
  | { op: 'sweep' }
  | { op: 'subscribe'; job: number; afterSeq: number | undefined };

const job = fc.nat({ max: 12 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.constant({ op: 'create' as const }), weight: 4 },
  {
    arbitrary: fc.record({ op: fc.constantFrom('start' as const, 'complete' as const, 'fail' as const), job }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ op: fc.constant('progress' as const), job, percentage: fc.integer({ min: 0, max: 100 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }), weight: 2 },
  { arbitrary: fc.constant({ op: 'sweep' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('subscribe' as const),
      job,
      afterSeq: fc.option(fc.nat({ max: 6 }), { nil: undefined }),
    }),
    weight: 1,
  },
);

const allowed: Record<JobStatus, readonly string[]> = {
  pending: ['start', 'fail'],
  processing: ['progress', 'complete', 'fail'],
  completed: [],
  failed: [],
};
const successors: Record<JobStatus, readonly JobStatus[]> = {
  pending: ['pending', 'processing', 'failed'],
  processing: ['processing', 'completed', 'failed'],
  completed: [],
  failed: [],
};

function drain(iterable: AsyncIterable<JobEvent>, into: JobEvent[]): Promise<void> {
  return (async () => {
    for await (const event of iterable) into.push(event);
  })();
}

async function listEverything(tracker: JobTracker): Promise<JobSnapshot[]> {
  const all: JobSnapshot[] = [];
  let cursor: string | null = null;
  do {
    const page = await tracker.list({ limit: 3, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

function assertContiguous(events: JobEvent[], firstSeq: number | undefined): void {
  events.forEach((event, i) => {
    if (i > 0) expect(event.seq).toBe(events[i - 1]!.seq + 1);
    else if (firstSeq !== undefined) expect(event.seq).toBe(firstSeq);
    if (i > 0) expect(successors[events[i - 1]!.snapshot.status]).toContain(event.snapshot.status);
  });
}

async function run(commands: Command[]): Promise<void> {
  const clock = createManualClock();
  const tracker = createMemoryJobTracker({
    clock,
    limits: LIMITS,
    historyGraceMs: 10_000,
    subscriberQueueLimit: 10_000,
  });
  const globalEvents: JobEvent[] = [];
  const global = drain(tracker.subscribeAll(), globalEvents);
  const streams: { id: string; afterSeq: number | undefined; events: JobEvent[]; done: Promise<void> }[] = [];
  const ids: string[] = [];
  const terminal = new Map<string, JobSnapshot>();
  const startedAt = new Map<string, number>();
  const lastStatus = new Map<string, JobStatus>();

  for (const cmd of commands) {
    if (cmd.op === 'create') {
      const before = await tracker.stats();
      const room = before.total < LIMITS.maxStored || before.counts.completed + before.counts.failed > 0;
      try {
        ids.push((await tracker.create(fragmentJob(ids.length))).job_id);
        expect(room).toBe(true);
      } catch (error) {
        expect(room).toBe(false);
        expect((error as TrackerError).code).toBe('CAPACITY_EXCEEDED');
      }
    } else if (cmd.op === 'advance') {
      clock.advance(cmd.ms);
    } else if (cmd.op === 'sweep') {
      await tracker.sweep();
      const now = clock.now();
      for (const s of await listEverything(tracker)) {
        if (s.status === 'processing') expect(startedAt.get(s.job_id)! + LIMITS.timeoutMs).toBeGreaterThan(now);
        if (isTerminalStatus(s.status))
          expect(Date.parse(s.metadata!.finished_at!) + LIMITS.retentionMs).toBeGreaterThan(now);
      }
    } else if (cmd.op === 'subscribe') {
      const id = ids[cmd.job % Math.max(1, ids.length)];
      if (id && (await tracker.get(id))) {
        const events: JobEvent[] = [];
        streams.push({
          id,
          afterSeq: cmd.afterSeq,
          events,
          done: drain(tracker.subscribe(id, { afterSeq: cmd.afterSeq }), events),
        });
      }
    } else {
      const id = ids[cmd.job % Math.max(1, ids.length)];
      if (!id) continue;
      const before = await tracker.get(id);
      const attempt =
        cmd.op === 'start'
          ? tracker.start(id)
          : cmd.op === 'progress'
            ? tracker.progress(id, { percentage: cmd.percentage, message: 'p' })
            : cmd.op === 'complete'
              ? tracker.complete(id, resultSummary())
              : tracker.fail(id, { tipo: 't', mensaje: 'm', fase: null });
      const outcome = await attempt.then(
        (snapshot) => ({ snapshot, code: undefined }),
        (error: TrackerError) => ({ snapshot: undefined, code: error.code }),
      );
      if (!before) expect(outcome.code).toBe('JOB_NOT_FOUND');
      else if (allowed[before.status].includes(cmd.op)) expect(outcome.code).toBeUndefined();
      else expect(outcome.code).toBe('INVALID_TRANSITION');
      if (outcome.snapshot?.status === 'processing' && cmd.op === 'start') startedAt.set(id, clock.now());
    }

    // Invariants after every step.
    const stats = await tracker.stats();
    const listed = await listEverything(tracker);
    expect(stats.total).toBeLessThanOrEqual(LIMITS.maxStored);
    expect(stats.total).toBe(listed.length);
    const recount = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const s of listed) recount[s.status]++;
    expect(stats.counts).toEqual(recount);
    for (const s of listed) {
      const seen = terminal.get(s.job_id);
      if (seen) expect(s).toEqual(seen);
      else if (isTerminalStatus(s.status)) terminal.set(s.job_id, s);
      const previous = lastStatus.get(s.job_id);
      if (previous && previous !== s.status) expect(successors[previous]).toContain(s.status);
      lastStatus.set(s.job_id, s.status);
    }
  }

  await tracker.close();
  await global;
  await Promise.all(streams.map((s) => s.done));
  expect(tracker.listenerCount()).toBe(0);

  // Every job's events, as the global subscriber saw them: 1, 2, 3... with legal steps.
  const byJob = new Map<string, JobEvent[]>();
  for (const e of globalEvents) byJob.set(e.snapshot.job_id, [...(byJob.get(e.snapshot.job_id) ?? []), e]);
  for (const events of byJob.values()) assertContiguous(events, 1);
  // A one-job subscriber gets no duplicates, and no gaps while the history was kept.
  for (const stream of streams) {
    const seqs = stream.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    const first = stream.events[0];
    if (stream.afterSeq !== undefined && first) {
      expect(first.seq).toBeGreaterThan(stream.afterSeq);
      // Skipping ahead is only allowed once the history is gone, which only happens to a
      // finished job: then its final state is all the subscriber gets.
      if (first.seq > stream.afterSeq + 1) {
        expect(isTerminalStatus(first.snapshot.status)).toBe(true);
        expect(stream.events).toHaveLength(1);
      }
    }
    const all = byJob.get(stream.id) ?? [];
    for (const e of stream.events) expect(all.find((g) => g.seq === e.seq)?.snapshot).toEqual(e.snapshot);
    const last = stream.events.at(-1);
    if (last && isTerminalStatus(last.snapshot.status)) expect(last.seq).toBe(all.at(-1)!.seq);
  }
}

describe('tracker properties', () => {
  it('random operation sequences keep the invariants', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 80 }), run), { numRuns: 300 });
  });
});
