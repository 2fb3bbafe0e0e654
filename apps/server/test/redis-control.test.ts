import { createClient } from '@noticias/client';
import { describe, expect, it } from 'vitest';
import { CANCELLED, finalState, pipelineHeldIn, untilJob } from './support/job-control.ts';
import { useRedisNodes } from './support/redis-nodes.ts';
import { postJson, sampleJson } from './support/server.ts';

// Job control when the job runs in another process: the cancel is relayed to the worker that
// holds it, or takes a job no worker has taken out of the queue.

const nodes = useRedisNodes();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

async function submitAsync(url: string): Promise<string> {
  const { status, body } = await postJson(`${url}/procesar_fragmento`, fragment(), { prefer: 'respond-async' });
  expect(status).toBe(202);
  return body.job_id as string;
}

describe('cancel over Redis', () => {
  it('cancel on api A of a job processing on a worker: failed/cancelled, and the worker runs the next job', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    const held = pipelineHeldIn;
    let pipeline: ReturnType<typeof held> | undefined;
    await nodes.node(
      { role: 'worker', pipelineConcurrency: 1 },
      { wrapPipeline: (real) => (pipeline = held(real, 'extraccion')) },
    );
    const jobId = await submitAsync(a.url);
    await untilJob(b.tracker, jobId, (job) => job.progress.phase === 'extraccion');

    const answer = await fetch(`${a.url}/status/${jobId}/cancel`, { method: 'POST' });
    expect(answer.status).toBe(202);
    const final = await finalState(b.tracker, jobId);
    expect(final.status).toBe('failed');
    expect(final.error).toMatchObject({ ...CANCELLED, fase: 'extraccion' });
    expect(pipeline?.held).toBe(1);

    // The worker's only slot is free again: the next job runs through to the end.
    const next = await submitAsync(b.url);
    expect((await finalState(a.tracker, next)).status).toBe('completed');
  });

  it('cancel (tRPC) of a job no worker has taken: it leaves the queue and never runs', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    const jobId = await submitAsync(a.url);
    const cancelled = await createClient({ url: b.url }).cancelJob.mutate({ jobId });
    expect(cancelled.job_id).toBe(jobId);
    const final = await finalState(a.tracker, jobId);
    expect(final).toMatchObject({ status: 'failed', error: CANCELLED });

    let runs = 0;
    await nodes.node(
      { role: 'worker' },
      {
        wrapPipeline: (real) => ({
          run: (input, options) => {
            runs += 1;
            return real.run(input, options);
          },
          close: () => real.close(),
        }),
      },
    );
    // A job queued after it completes; by then the worker has seen the queue, without the cancelled job.
    const later = await submitAsync(a.url);
    expect((await finalState(b.tracker, later)).status).toBe('completed');
    expect(runs).toBe(1);
    expect((await b.tracker.get(jobId))?.status).toBe('failed');
  });

  it('a waiting submission whose queued job is cancelled answers with the cancel', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    const waiting = postJson(`${a.url}/procesar_fragmento`, fragment());
    const page = await (async () => {
      for await (const event of b.tracker.subscribeAll()) return event.snapshot;
      throw new Error('no job');
    })();
    const answer = await fetch(`${b.url}/status/${page.job_id}/cancel`, { method: 'POST' });
    expect(answer.status).toBe(202);
    const response = await waiting;
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(response.body)).toContain(CANCELLED.mensaje);
  });
});

describe('Idempotency-Key over Redis', () => {
  it('50 requests at once with one key, spread over two api processes, create one job', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const headers = { prefer: 'respond-async', 'idempotency-key': 'importer-7f3a-42' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(`${(i % 2 ? a : b).url}/procesar_fragmento`, fragment(), headers)),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 202));
    const ids = new Set(answers.map((r) => r.body.job_id as string));
    expect(ids.size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect((await a.tracker.stats()).total).toBe(1);
    const [jobId] = [...ids] as [string];
    expect((await finalState(b.tracker, jobId)).status).toBe('completed');

    // A different body under the same key: 422 on either process.
    const other = { ...fragment(), id_fragmento: 'otro-fragmento' };
    const conflict = await postJson(`${a.url}/procesar_fragmento`, other, headers);
    expect(conflict.status).toBe(422);
  });

  it('a waiting duplicate on the other process gets the first answer: the full result, replayed', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const headers = { 'idempotency-key': 'wait-1' };
    const [first, second] = await Promise.all([
      postJson(`${a.url}/procesar_fragmento`, fragment(), headers),
      postJson(`${b.url}/procesar_fragmento`, fragment(), headers),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.job_id).toBe(first.body.job_id);
    expect(second.body.data).toEqual(first.body.data);
    expect((await a.tracker.stats()).total).toBe(1);
  });
});
