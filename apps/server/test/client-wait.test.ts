import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import {
  ConnectionLostError,
  createClient,
  JobFailedError,
  JobNotFoundError,
  WaitTimeoutError,
} from '@noticias/client';
import type { ArticleInput, FragmentInput, JobSnapshot } from '@noticias/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for.ts';
import { failingAt } from './support/failing-pipeline.ts';
import { TRPC_PATHS } from './support/fast-pair.ts';
import { gate, gatedPipeline, sampleJson, useServers, type TestServer } from './support/server.ts';

// The SDK's waiting helpers against a real server on port 0.

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths }));

const article = () => sampleJson('articles', '03-inflacion-ar.json') as unknown as ArticleInput;
const fragment = () => sampleJson('fragments', '02-ley-fragmento.json') as unknown as FragmentInput;

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function waitForListeners(s: TestServer, count: number): Promise<void> {
  return waitFor(`${count} listener(s)`, () => s.tracker.listenerCount() === count);
}

describe.each(TRPC_PATHS)('waitForJob ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('resolves with the completed snapshot, reporting each phase on the way', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const updates: JobSnapshot[] = [];
    const waiting = client.waitForJob(job.job_id, {
      timeoutMs: 20_000,
      onUpdate: (snapshot) => updates.push(snapshot),
    });
    await waitForListeners(s, 1);
    held.open();
    const done = await waiting;
    expect(done.status).toBe('completed');
    expect(done).toEqual(await client.getStatus.query({ jobId: job.job_id }));
    expect(updates.map((u) => u.progress.phase).filter(Boolean)).toEqual([
      'triaje',
      'extraccion',
      'citas_datos',
      'normalizacion',
    ]);
    expect(updates.at(-1)).toEqual(done);
  });

  it('submit-and-wait gives the same summary as a waited submission of the same input', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const [viaHelper, waited] = await Promise.all([
      client.submitArticleAndWait(article(), { timeoutMs: 20_000 }),
      client.processArticle.mutate({ articulo: article(), mode: 'wait' }),
    ]);
    expect(viaHelper.status).toBe('completed');
    expect(viaHelper.metadata).toMatchObject({ tipo: 'articulo' });
    expect(viaHelper.result?.elementos_extraidos).toEqual(waited.job.result?.elementos_extraidos);
    const fragmentJob = await client.submitFragmentAndWait(fragment(), { timeoutMs: 20_000 });
    expect(fragmentJob.metadata).toMatchObject({ tipo: 'fragmento', id_fragmento: fragment().id_fragmento });
  });

  it('a job that fails throws JobFailedError carrying the job’s error, with no internals', async () => {
    const s = await server({}, { wrapPipeline: failingAt('extraccion', 'extractor exploded: secret internals') });
    const client = createClient({ url: s.url });
    const error = await client.submitFragmentAndWait(fragment(), { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const failed = error as JobFailedError;
    expect(failed.code).toBe('JOB_FAILED');
    expect(failed.job.status).toBe('failed');
    expect(failed.error).toEqual({
      tipo: 'pipeline_error',
      mensaje: "El pipeline falló en la fase 'extraccion'",
      fase: 'extraccion',
      timestamp: expect.any(String),
    });
    expect(JSON.stringify(failed.job)).not.toContain('secret internals');
    // Waiting again on the finished job fails the same way, at once.
    await expect(client.waitForJob(failed.jobId)).rejects.toMatchObject({ code: 'JOB_FAILED', jobId: failed.jobId });
  });

  it('an unknown or malformed id throws JobNotFoundError', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    for (const jobId of ['req_ffffffffffffffffffffffffffffffff', 'no-es-un-id']) {
      const error = await client.waitForJob(jobId, { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobNotFoundError);
      expect(error).toMatchObject({ code: 'JOB_NOT_FOUND', jobId });
    }
    expect(s.tracker.listenerCount()).toBe(0);
  });

  it('gives up after timeoutMs with WaitTimeoutError and the last snapshot; the job goes on', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const error = await client.waitForJob(job.job_id, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'WAIT_TIMEOUT', jobId: job.job_id, timeoutMs: 2000 });
    expect((error as WaitTimeoutError).lastSnapshot?.status).toBe('processing');
    await waitForListeners(s, 0);
    held.open();
    expect((await client.waitForJob(job.job_id, { timeoutMs: 20_000 })).status).toBe('completed');
  });

  it('rejects with the caller’s abort reason and leaves no listener', async () => {
    const held = gate();
    const s = await server({}, { wrapPipeline: (real) => gatedPipeline(real, held) });
    const client = createClient({ url: s.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const controller = new AbortController();
    const waiting = client.waitForJob(job.job_id, { signal: controller.signal });
    await waitForListeners(s, 1);
    const reason = new Error('no longer needed');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await waitForListeners(s, 0);
    held.open();
  });

  it('with giveUpAfterMs, an unreachable server ends in ConnectionLostError instead of endless retries', async () => {
    const client = createClient({ url: `http://127.0.0.1:${await closedPort()}` });
    const error = await client
      .waitForJob('req_ffffffffffffffffffffffffffffffff', { giveUpAfterMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error).toMatchObject({ code: 'CONNECTION_LOST', downForMs: 200 });
  });
});
