import { createClient, JobNotFoundError, type NoticiasClient } from '@noticias/client';
import { PIPELINE_PHASES, type FragmentInput, type JobSnapshot } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for.ts';
import { onStatusListeners, TRPC_PATHS } from './support/fast-pair.ts';
import { gate, gatedPipeline, sampleJson, useServers } from './support/server.ts';

// Live status over SSE against a real server (real tracker, real pipeline, port 0), through the
// SDK in packages/client.

interface Seen {
  seq: number;
  snapshot: JobSnapshot;
}

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths }));

const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

/** A raw onStatus subscription that keeps every tracked event, to check ids as well as snapshots. */
function subscribeStatus(client: NoticiasClient, input: { jobId: string; lastEventId?: string | null }) {
  const events: Seen[] = [];
  let subscription: { unsubscribe(): void } | undefined;
  const done = new Promise<Seen[]>((resolve, reject) => {
    subscription = client.onStatus.subscribe(input, {
      onData: ({ id, data }) => events.push({ seq: Number(id), snapshot: data }),
      onError: reject,
      onComplete: () => resolve(events),
    });
  });
  return { events, done, unsubscribe: () => subscription?.unsubscribe() };
}

/** Strictly increasing by one: nothing missed, nothing twice. */
function expectContiguous(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
}

const phasesOf = (snapshots: JobSnapshot[]) => snapshots.map((s) => s.progress.phase).filter((p) => p !== undefined);
const statusRuns = (snapshots: JobSnapshot[]) => snapshots.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);

describe.each(TRPC_PATHS)('onJobs / onStatus over SSE ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('a dashboard subscribed before submitting sees the whole job, complete and in order', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const controller = new AbortController();
    const seen: Seen[] = [];
    let finished!: () => void;
    const final = new Promise<void>((resolve) => (finished = resolve));
    const subscription = client.onJobs.subscribe(undefined, {
      signal: controller.signal,
      onData: (event) => {
        seen.push(event);
        if (event.snapshot.status === 'completed') finished();
      },
    });
    await waitFor('the dashboard to be listening', () => s.tracker.listenerCount() === 1);

    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    await final;
    subscription.unsubscribe();

    const mine = seen.filter((event) => event.snapshot.job_id === job.job_id);
    expectContiguous(mine.map((event) => event.seq));
    expect(mine[0]!.seq).toBe(1);
    expect(statusRuns(mine.map((event) => event.snapshot))).toEqual(['pending', 'processing', 'completed']);
    expect(phasesOf(mine.map((event) => event.snapshot))).toEqual([...PIPELINE_PHASES]);
    expect(mine.at(-1)!.snapshot.result?.elementos_extraidos.hechos).toBeGreaterThan(0);
    await waitFor('the dashboard listener to go', () => s.tracker.listenerCount() === 0);
  });

  it('onJobs filters by status', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const seen: JobSnapshot[] = [];
    let finished!: () => void;
    const final = new Promise<void>((resolve) => (finished = resolve));
    const subscription = client.onJobs.subscribe(
      { status: 'completed' },
      {
        onData: (event) => {
          seen.push(event.snapshot);
          finished();
        },
      },
    );
    await waitFor('the dashboard to be listening', () => s.tracker.listenerCount() === 1);
    await client.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    await final;
    subscription.unsubscribe();
    expect(seen.map((snapshot) => snapshot.status)).toEqual(['completed']);
  });

  it('subscribing after submitting yields the current snapshot first, then every change, and ends on the final state', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const current = await client.getStatus.query({ jobId: job.job_id });

    const live = subscribeStatus(client, { jobId: job.job_id });
    await waitFor('the first snapshot', () => live.events.length === 1);
    expect(live.events[0]).toEqual({ seq: expect.any(Number), snapshot: current });
    held.open();
    const events = await live.done;

    expectContiguous(events.map((event) => event.seq));
    expect(statusRuns(events.map((event) => event.snapshot))).toEqual(['processing', 'completed']);
    expect(phasesOf(events.map((event) => event.snapshot))).toEqual([...PIPELINE_PHASES]);
    expect(events.at(-1)!.snapshot).toEqual(await client.getStatus.query({ jobId: job.job_id }));
    await waitFor('no listener left', () => s.tracker.listenerCount() === 0);
  });

  it('watchJob iterates the same snapshots and stops after the final one; a finished job yields just its final state', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const snapshots: JobSnapshot[] = [];
    for await (const snapshot of client.watchJob(job.job_id)) {
      snapshots.push(snapshot);
      if (snapshots.length === 1) held.open();
    }
    expect(snapshots.at(-1)!.status).toBe('completed');
    expect(phasesOf(snapshots)).toEqual([...PIPELINE_PHASES]);

    const after: JobSnapshot[] = [];
    for await (const snapshot of client.watchJob(job.job_id)) after.push(snapshot);
    expect(after).toEqual([snapshots.at(-1)]);
    await waitFor('no listener left', () => s.tracker.listenerCount() === 0);
  });

  it('resuming with lastEventId returns exactly what was missed, also after the job finished', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    const all = await subscribeStatus(client, { jobId: job.job_id, lastEventId: '0' }).done;
    expectContiguous(all.map((event) => event.seq));
    expect(all[0]!.seq).toBe(1);
    const last = all.at(-1)!.seq;

    const resumed = await subscribeStatus(client, { jobId: job.job_id, lastEventId: '2' }).done;
    expect(resumed.map((event) => event.seq)).toEqual(all.slice(2).map((event) => event.seq));
    expect(resumed.map((event) => event.snapshot)).toEqual(all.slice(2).map((event) => event.snapshot));

    const upToDate = await subscribeStatus(client, { jobId: job.job_id, lastEventId: String(last) }).done;
    expect(upToDate).toEqual([]);
  });

  it('an unknown job is NOT_FOUND before anything is sent; through the SDK, JobNotFoundError', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const unknown = 'req_ffffffffffffffffffffffffffffffff';
    const raw = subscribeStatus(client, { jobId: unknown });
    const error = await raw.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'NOT_FOUND', apiCode: 'JOB_NOT_FOUND' });
    expect(raw.events).toEqual([]);

    await expect(client.watchJob('not-an-id').next()).rejects.toBeInstanceOf(JobNotFoundError);
    expect(s.tracker.listenerCount()).toBe(0);
  });

  it('a client that leaves mid-stream leaves no listener behind', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const watchers = [1, 2, 3].map(() => subscribeStatus(client, { jobId: job.job_id }));
    const controller = new AbortController();
    const iterating = (async () => {
      for await (const _ of client.watchJob(job.job_id, { signal: controller.signal })) {
        // waits for more until aborted
      }
    })();
    // Four subscriptions to one job, each with its first snapshot in.
    await waitFor('every subscriber to be streaming', () => watchers.every((watcher) => watcher.events.length > 0));
    await waitFor('the listeners', () => s.tracker.listenerCount() === onStatusListeners(paths.trpcFastPaths, 4, 1));
    for (const watcher of watchers) watcher.unsubscribe();
    controller.abort(new Error('left'));
    await expect(iterating).rejects.toThrow('left');
    await waitFor('no listener left', () => s.tracker.listenerCount() === 0);
    held.open();
  });
});
