import { createClient } from '@noticias/client';
import { PIPELINE_PHASES, type FragmentInput, type JobSnapshot } from '@noticias/contract';
import type { Pipeline } from '@noticias/pipeline';
import type { JobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it } from 'vitest';
import { TRPC_PATHS } from './support/fast-pair.ts';
import { gate, sampleJson, startServer as startTestServer, type Gate } from './support/server.ts';

// The server ends every SSE stream after a short `maxDurationMs` (SSE_MAX_DURATION_MS);
// httpSubscriptionLink's EventSource reconnects with the last event id, and the job's events
// must arrive with no gap and no duplicate, through the fast paths and the official adapter.

const MAX_DURATION_MS = 150;
// EventSource waits 3 s before reconnecting unless the server sends `retry:`; tRPC's server
// never does, so the test's fetch adds one to keep the test short. Reconnects stay the real ones.
const RETRY_MS = 80;

interface Fixture {
  url: string;
  tracker: JobTracker;
  steps: Gate[];
  close(): Promise<void>;
}

/** The real pipeline, but each phase report waits for its gate, so the test decides when events happen. */
function steppedPipeline(real: Pipeline, steps: Gate[]): Pipeline {
  return {
    async run(input, options) {
      for (const [index, phase] of PIPELINE_PHASES.entries()) {
        await steps[index]!.promise;
        options?.onPhase?.({
          phase,
          index: index + 1,
          count: PIPELINE_PHASES.length,
          percentage: index * 25,
          message: `Fase ${index + 1}/4`,
        });
      }
      return real.run(input, { signal: options?.signal });
    },
    close: () => real.close(),
  };
}

const fixtures: Fixture[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.close();
});

async function startServer(trpcFastPaths: boolean): Promise<Fixture> {
  const steps = PIPELINE_PHASES.map(() => gate());
  const server = await startTestServer(
    { sseMaxDurationMs: MAX_DURATION_MS, trpcFastPaths },
    { wrapPipeline: (real) => steppedPipeline(real, steps) },
  );
  const fixture: Fixture = {
    url: server.url,
    tracker: server.tracker,
    steps,
    async close() {
      for (const step of steps) step.open();
      await server.close();
    },
  };
  fixtures.push(fixture);
  return fixture;
}

/** fetch that records each SSE request's Last-Event-ID and adds a `retry:` field to SSE responses. */
function recordingFetch() {
  const lastEventIds: (string | null)[] = [];
  const encoder = new TextEncoder();
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    lastEventIds.push(new Headers(init?.headers).get('last-event-id'));
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start: (controller) => controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n`)),
      }),
    );
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: wrapped, lastEventIds };
}

/** A count that can be awaited: `reach(n)` resolves once it has been incremented n times. */
function counter() {
  let value = 0;
  const waiters: { target: number; resolve: () => void }[] = [];
  return {
    get value() {
      return value;
    },
    increment() {
      value += 1;
      for (const waiter of waiters.filter((w) => w.target <= value)) waiter.resolve();
    },
    reach(target: number): Promise<void> {
      if (value >= target) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ target, resolve }));
    },
  };
}

describe.each(TRPC_PATHS)('onStatus across server-ended streams ($name)', ({ trpcFastPaths }) => {
  it('resumes after every drop with lastEventId: no gap, no duplicate, ends on the final state', async () => {
    const server = await startServer(trpcFastPaths);
    const recorder = recordingFetch();
    const client = createClient({ url: server.url, fetch: recorder.fetch });
    const fragmento = sampleJson('fragments', '02-ley-fragmento.json') as unknown as FragmentInput;
    const { job } = await client.processFragment.mutate({ fragmento, mode: 'async' });

    const seqs: number[] = [];
    const snapshots: JobSnapshot[] = [];
    const drops = counter();
    const received = counter();
    let connected = false;
    const done = new Promise<void>((resolve, reject) => {
      client.onStatus.subscribe(
        { jobId: job.job_id },
        {
          onData: ({ id, data }) => {
            seqs.push(Number(id));
            snapshots.push(data);
            received.increment();
          },
          onConnectionStateChange: (state) => {
            if (state.state === 'pending') connected = true;
            if (state.state === 'connecting' && connected) {
              connected = false;
              drops.increment();
            }
          },
          onError: reject,
          onComplete: resolve,
        },
      );
    });
    // The SDK's waitForJob follows the same job through the same drops.
    const viaSdk: JobSnapshot[] = [];
    const waited = client.waitForJob(job.job_id, { timeoutMs: 30_000, onUpdate: (snapshot) => viaSdk.push(snapshot) });

    await received.reach(1);
    // Each phase happens right after a drop, while the client is away; the last one lets the
    // job finish before the client is back.
    for (const [index, step] of server.steps.entries()) {
      await drops.reach(index + 1);
      step.open();
    }
    await done;
    const final = await waited;

    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(snapshots.at(-1)!.status).toBe('completed');
    expect(snapshots.map((s) => s.progress.phase).filter(Boolean)).toEqual([...PIPELINE_PHASES]);
    expect(final).toEqual(snapshots.at(-1));
    expect(viaSdk).toEqual(snapshots);

    // It really reconnected, each time saying where it was.
    expect(drops.value).toBeGreaterThanOrEqual(PIPELINE_PHASES.length);
    const resumes = recorder.lastEventIds.slice(1).filter((id) => id !== null);
    // onStatus resumed after each of its drops; waitForJob's stream, opened a moment later,
    // drops on its own clock and may still be open when the job ends, so one of its resumes
    // can be missing (at least 4 x 150 ms + 3 x 80 ms pass, so it dropped at least 3 times).
    expect(resumes.length).toBeGreaterThanOrEqual(PIPELINE_PHASES.length * 2 - 1);
    expect(resumes.every((id) => seqs.includes(Number(id)))).toBe(true);

    const deadline = Date.now() + 5000;
    while (server.tracker.listenerCount() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.tracker.listenerCount()).toBe(0);
  });
});
