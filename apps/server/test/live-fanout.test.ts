import { createClient, type NoticiasClient } from '@noticias/client';
import { PIPELINE_PHASES, type FragmentInput, type JobStatus } from '@noticias/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for.ts';
import { onStatusListeners, TRPC_PATHS } from './support/fast-pair.ts';
import { gate, gatedPipeline, sampleJson, startServer, type TestServer } from './support/server.ts';

// 1,000 live subscribers at once, each on its own SSE connection through real
// httpSubscriptionLink clients, against one real server on port 0.

const JOBS = 20;
const PER_JOB = 50;
const CLIENTS = 4;

interface Watcher {
  jobId: string;
  seqs: number[];
  statuses: JobStatus[];
  phases: string[];
  done: Promise<void>;
  unsubscribe(): void;
}

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

function watch(client: NoticiasClient, jobId: string, onFirst: () => void): Watcher {
  const watcher = { jobId, seqs: [] as number[], statuses: [] as JobStatus[], phases: [] as string[] } as Watcher;
  watcher.done = new Promise<void>((resolve, reject) => {
    const subscription = client.onStatus.subscribe(
      { jobId },
      {
        onData: ({ id, data }) => {
          if (watcher.seqs.length === 0) onFirst();
          watcher.seqs.push(Number(id));
          watcher.statuses.push(data.status);
          if (data.progress.phase) watcher.phases.push(data.progress.phase);
        },
        onError: reject,
        onComplete: resolve,
      },
    );
    watcher.unsubscribe = () => subscription.unsubscribe();
  });
  return watcher;
}

/** JOBS jobs held at the gate and PER_JOB watchers on each, every one with its first snapshot in. */
async function setUp(trpcFastPaths: boolean) {
  const held = gate();
  const s = await startServer(
    { pipelineConcurrency: JOBS, trpcFastPaths },
    { wrapPipeline: (real) => gatedPipeline(real, held) },
  );
  servers.push(s);
  const clients = Array.from({ length: CLIENTS }, () => createClient({ url: s.url }));
  const fragmento = sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;
  const jobIds = await Promise.all(
    Array.from({ length: JOBS }, async (_, i) => {
      const { job } = await clients[i % CLIENTS]!.processFragment.mutate({ fragmento, mode: 'async' });
      return job.job_id;
    }),
  );
  let started = 0;
  const watchers = jobIds.flatMap((jobId, j) =>
    Array.from({ length: PER_JOB }, (_, k) =>
      watch(clients[(j * PER_JOB + k) % CLIENTS]!, jobId, () => (started += 1)),
    ),
  );
  const t0 = performance.now();
  await waitFor('every subscriber to get its first snapshot', () => started === JOBS * PER_JOB);
  console.info(`subscribed ${JOBS * PER_JOB} in ${Math.round(performance.now() - t0)} ms`);
  return { s, held, watchers };
}

describe.each(TRPC_PATHS)(`${JOBS * PER_JOB} concurrent subscribers ($name)`, ({ trpcFastPaths }) => {
  it('each receives every event of its job; whether they leave early or at the end, no listener is left', async () => {
    const { s, held, watchers } = await setUp(trpcFastPaths);
    expect(s.tracker.listenerCount()).toBe(onStatusListeners(trpcFastPaths, JOBS * PER_JOB, JOBS));

    // A tenth leave before anything happens (explicit unsubscribe closes their connections).
    const leaving = watchers.filter((_, i) => i % 10 === 0);
    const staying = watchers.filter((_, i) => i % 10 !== 0);
    for (const watcher of leaving) watcher.unsubscribe();
    // Through the adapter each leaver's listener goes; on the fast paths every job keeps its
    // shared one, as subscribers stay on each.
    await waitFor(
      "the leavers' listeners to go",
      () => s.tracker.listenerCount() === onStatusListeners(trpcFastPaths, staying.length, JOBS),
    );

    const startedAt = performance.now();
    held.open();
    await Promise.all(staying.map((watcher) => watcher.done));
    const elapsed = performance.now() - startedAt;

    const byJob = new Map<string, Watcher[]>();
    for (const watcher of staying) byJob.set(watcher.jobId, [...(byJob.get(watcher.jobId) ?? []), watcher]);
    expect(byJob.size).toBe(JOBS);
    for (const [, group] of byJob) {
      const [first] = group;
      // Everyone subscribed while the job was held, so everyone has everything from there.
      expect(first!.seqs).toEqual(first!.seqs.map((_, i) => first!.seqs[0]! + i));
      expect(first!.statuses.at(-1)).toBe('completed');
      expect(first!.phases).toEqual([...PIPELINE_PHASES]);
      for (const watcher of group) expect(watcher.seqs).toEqual(first!.seqs);
    }
    for (const watcher of leaving) expect(watcher.statuses).not.toContain('completed');
    await waitFor('every listener to go', () => s.tracker.listenerCount() === 0);
    const events = staying.reduce((sum, watcher) => sum + watcher.seqs.length, 0);
    console.info(
      `fan-out: ${events} deliveries to ${staying.length} subscribers in ${Math.round(elapsed)} ms after release`,
    );
  }, 120_000);
});
