import { createClient } from '@noticias/client';
import { PIPELINE_PHASES } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { article, CANCELLED, finalState, pipelineHeldIn, untilJob } from './support/job-control.ts';
import { getJson, postJson, sampleText, useServers, type TestServer } from './support/server.ts';

// Cancel (contract v0.2): POST /status/{job_id}/cancel and the cancelJob mutation, black-box
// over HTTP against a real server.

const server = useServers();

type Transport = 'rest' | 'trpc';

async function cancel(
  s: TestServer,
  transport: Transport,
  jobId: string,
): Promise<{ status: number; body: Record<string, unknown>; location?: string | null }> {
  if (transport === 'rest') {
    const response = await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      location: response.headers.get('location'),
    };
  }
  const client = createClient({ url: s.url });
  try {
    const job = await client.cancelJob.mutate({ jobId });
    return { status: 202, body: { data: job } };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { httpStatus: number; apiCode?: string };
    return { status: data.httpStatus, body: { message: error.message, apiCode: data.apiCode } };
  }
}

async function submitAsync(s: TestServer): Promise<string> {
  const { status, body } = await postJson(`${s.url}/procesar_articulo`, article(), { prefer: 'respond-async' });
  expect(status).toBe(202);
  return body.job_id as string;
}

describe.each<Transport>(['rest', 'trpc'])('cancel over %s', (transport) => {
  it.each(PIPELINE_PHASES)('a job processing in phase %s ends failed/cancelled with that phase', async (phase) => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, phase) });
    const jobId = await submitAsync(s);
    await untilJob(s.tracker, jobId, (job) => job.progress.phase === phase);

    const answer = await cancel(s, transport, jobId);
    expect(answer.status).toBe(202);
    expect((answer.body.data as { job_id: string }).job_id).toBe(jobId);
    if (transport === 'rest') {
      expect(answer.location).toBe(`/status/${jobId}`);
      expect(answer.body).toMatchObject({ success: true, request_id: jobId });
    }
    const final = await finalState(s.tracker, jobId);
    expect(final.status).toBe('failed');
    expect(final.error).toMatchObject({ ...CANCELLED, fase: phase });
    const status = await getJson(`${s.url}/status/${jobId}`);
    expect(status.body.data.error).toMatchObject({ ...CANCELLED, fase: phase });

    // The slot is free at once: the next job runs to the end.
    const next = await postJson(`${s.url}/procesar_articulo`, article());
    expect(next.status).toBe(200);
  });

  it('a pending job leaves the queue at once (fase null) and the running one is untouched', async () => {
    const s = await server({ pipelineConcurrency: 1 }, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const running = await submitAsync(s);
    await untilJob(s.tracker, running, (job) => job.progress.phase === 'extraccion');
    const pending = await submitAsync(s);
    expect((await s.tracker.get(pending))?.status).toBe('pending');

    const answer = await cancel(s, transport, pending);
    expect(answer.status).toBe(202);
    const final = await finalState(s.tracker, pending);
    expect(final.error).toMatchObject({ ...CANCELLED, fase: null });
    await expect
      .poll(
        async () =>
          (await fetch(`${s.url}/metrics`).then((r) => r.text())).match(/^pipeline_jobs_cancelled_total (\d+)/m)?.[1],
      )
      .toBe('1');
    await expect(s.jobs.stats()).resolves.toMatchObject({ runner: { running: 1, queued: 0 } });
    expect((await s.tracker.get(running))?.status).toBe('processing');
    await cancel(s, transport, running);
    expect((await finalState(s.tracker, running)).error).toMatchObject({ ...CANCELLED, fase: 'extraccion' });
  });

  it('a finished job is 409 conflict; an unknown one 404 as for status', async () => {
    const s = await server();
    const done = await postJson(`${s.url}/procesar_articulo`, article());
    const jobId = done.body.job_id as string;
    const conflict = await cancel(s, transport, jobId);
    expect(conflict.status).toBe(409);
    const unknown = await cancel(s, transport, 'req_00000000000000000000000000000000');
    expect(unknown.status).toBe(404);
    if (transport === 'rest') {
      expect(conflict.body).toEqual({
        error: 'conflict',
        mensaje: `El job '${jobId}' ya terminó (completed)`,
        timestamp: expect.any(String),
        request_id: expect.stringMatching(/^req_/),
      });
      const status404 = await getJson(`${s.url}/status/req_00000000000000000000000000000000`);
      expect(unknown.body).toEqual({
        ...status404.body,
        timestamp: expect.any(String),
        request_id: expect.any(String),
      });
    } else {
      expect(conflict.body).toMatchObject({ message: `El job '${jobId}' ya terminó (completed)` });
    }
    // Cancelling twice: the second finds it finished.
    expect((await getJson(`${s.url}/status/${jobId}`)).body.data.status).toBe('completed');
  });
});

describe('cancel with worker threads (real extraction)', () => {
  it('stops a 500 KB article mid-extraction; the thread is free for the next job right after', async () => {
    const s = await server({ pipelineWorkers: 1, pipelineConcurrency: 1, pipelineWorkerNice: 0 });
    const paragraph = `${sampleText('articles', '02-incendio-es.json').replace(/[{}"]/g, ' ')}\n\n`;
    const big = { ...article(), contenido_texto: paragraph.repeat(Math.ceil(500_000 / paragraph.length)) };
    const submitted = await postJson(`${s.url}/procesar_articulo`, big);
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.job_id as string;
    await untilJob(s.tracker, jobId, (job) => job.progress.phase === 'extraccion');

    const answer = await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    expect(answer.status).toBe(202);
    const final = await finalState(s.tracker, jobId);
    expect(final.error).toMatchObject({ ...CANCELLED, fase: 'extraccion' });
    const next = await postJson(`${s.url}/procesar_articulo`, article());
    expect(next.status).toBe(200);
    expect(next.body.data.procesamiento_exitoso).toBe(true);
  });

  it('a waiting request whose job is cancelled gets 409, not a 500', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'triaje') });
    const waiting = postJson(`${s.url}/procesar_articulo`, article());
    let jobId: string | undefined;
    for await (const e of s.tracker.subscribeAll()) {
      if (e.snapshot.progress.phase !== 'triaje') continue;
      jobId = e.snapshot.job_id;
      break;
    }
    await cancel(s, 'rest', jobId!);
    const answer = await waiting;
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: 'conflict' });
  });
});
