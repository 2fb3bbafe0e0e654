import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createClient } from '@noticias/client';
import type { FragmentInput, JobSnapshot } from '@noticias/contract';
import { describe, expect, it } from 'vitest';
import { startRedisNode, startTestRedis, useRedisNodes } from './support/redis-nodes.ts';
import { gate, gatedPipeline, getJson, postJson, sampleJson } from './support/server.ts';

const nodes = useRedisNodes();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

describe('worker faults over Redis', () => {
  it('a stopping worker hands its running job back to the queue; another worker finishes it, nothing failed', async () => {
    const api = await nodes.node({ role: 'api' });
    const never = gate();
    let onStart!: () => void;
    const started = new Promise<void>((resolve) => (onStart = resolve));
    const first = await nodes.node(
      { role: 'worker', shutdownGraceMs: 0 },
      { wrapPipeline: (real) => Object.assign(gatedPipeline(real, never), { onStart }) },
    );
    const { job } = await createClient({ url: api.url }).processFragment.mutate({
      fragmento: fragment(),
      mode: 'async',
    });
    const history: JobSnapshot[] = [];
    const watched = (async () => {
      for await (const event of api.tracker.subscribe(job.job_id, { afterSeq: 0 })) history.push(event.snapshot);
    })();
    await started;
    await first.close();
    expect((await api.tracker.get(job.job_id))!.status).toBe('processing');
    await nodes.node({ role: 'worker' });
    await watched;
    expect(history.at(-1)!.status).toBe('completed');
    expect(history.map((s) => s.status)).not.toContain('failed');
    expect(new Set(history.map((s) => s.status))).toEqual(new Set(['pending', 'processing', 'completed']));
    expect((await getJson(`${api.url}/status/${job.job_id}`)).body.data.status).toBe('completed');
  });
});

/** An OpenAI-compatible endpoint that takes requests and never answers: a job calling it stays mid-run. */
async function hangingLlm() {
  const requests: IncomingMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request) => {
    requests.push(request);
    for (const waiter of waiters) if (requests.length >= waiter.count) waiter.resolve();
  });
  /** Resolves once `count` requests are held. */
  const calledTimes = (count: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ count, resolve });
      if (requests.length >= count) resolve();
    });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    called: calledTimes(1),
    calledTimes,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** `src/main.ts` as a worker process over the test's Redis, its model calls going to `llmBaseUrl`. */
function spawnWorker(redisUrl: string, prefix: string, llmBaseUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@noticias/source', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ROLE: 'worker',
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      REDIS_LOCK_DURATION_MS: '1000',
      PIPELINE_WORKERS: '0',
      LLM_BASE_URL: llmBaseUrl,
      LLM_MODEL: 'modelo-de-prueba',
      LLM_MAX_RETRIES: '0',
      ...env,
    },
    stdio: 'ignore',
  });
  return { child, exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

describe('a worker process killed mid-job', () => {
  it('SIGKILL: the stalled job is run again by another worker and completes; nothing stays processing', async () => {
    const api = await nodes.node({ role: 'api' });
    const llm = await hangingLlm();
    const { child, exited } = spawnWorker(api.config.redisUrl!, api.config.redisPrefix, llm.baseUrl);
    try {
      const { job } = await createClient({ url: api.url }).processFragment.mutate({
        fragmento: fragment(),
        mode: 'async',
      });
      const history: JobSnapshot[] = [];
      const watched = (async () => {
        for await (const event of api.tracker.subscribe(job.job_id, { afterSeq: 0 })) history.push(event.snapshot);
      })();
      // The worker took the job and is inside the pipeline, waiting for the model.
      await llm.called;
      expect((await api.tracker.get(job.job_id))!.status).toBe('processing');
      child.kill('SIGKILL');
      await exited;
      await nodes.node({ role: 'worker', redisLockDurationMs: 1000 });
      await watched;
      expect(history.at(-1)!.status).toBe('completed');
      expect(history.map((s) => s.status)).not.toContain('failed');
      expect((await api.tracker.stats()).counts.processing).toBe(0);
    } finally {
      child.kill('SIGKILL');
      llm.close();
    }
  }, 60_000);
});

describe('Redis restarted (clean shutdown, AOF on)', () => {
  it('answers 503 with Retry-After while it is down, /health names it, and loses no acknowledged job', async () => {
    const redis = await startTestRedis({ appendOnly: true });
    const started = [];
    try {
      const api = await startRedisNode(redis.url, 'restart', { role: 'api' });
      started.push(api);
      started.push(await startRedisNode(redis.url, 'restart', { role: 'worker' }));
      const done = await postJson(
        `${api.url}/procesar_fragmento`,
        sampleJson('fragments', '01-informe-fragmento.json'),
      );
      expect(done.status).toBe(200);
      const jobId: string = done.body.job_id ?? done.body.data?.job_id;
      const before = (await getJson(`${api.url}/status/${jobId}`)).body.data;
      expect(before.status).toBe('completed');

      await redis.stop({ save: true });
      const status = await getJson(`${api.url}/status/${jobId}`);
      expect(status.status).toBe(503);
      expect(Number(status.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const submit = await postJson(`${api.url}/procesar_fragmento`, sampleJson('fragments', '02-ley-fragmento.json'), {
        prefer: 'respond-async',
      });
      expect(submit.status).toBe(503);
      expect(Number(submit.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const health = await getJson(`${api.url}/health`);
      expect(health.status).toBe(503);
      expect(health.body.message).toMatch(/Redis/);

      await redis.start();
      // The processes reconnect by themselves; the job written before the restart is there.
      let after = await getJson(`${api.url}/status/${jobId}`);
      const deadline = Date.now() + 15_000;
      while (after.status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await getJson(`${api.url}/status/${jobId}`);
      }
      expect(after.body.data).toEqual(before);
      expect((await getJson(`${api.url}/health`)).status).toBe(200);
      const again = await postJson(`${api.url}/procesar_fragmento`, sampleJson('fragments', '02-ley-fragmento.json'));
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    } finally {
      for (const node of started) await node.close();
      await redis.destroy();
    }
  }, 60_000);
});

describe('an api process restarted', () => {
  it('still reads every job, and a live subscriber reconnects to its successor and resumes without gap', async () => {
    const open = gate();
    const first = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' }, { wrapPipeline: (real) => gatedPipeline(real, open) });
    const client = createClient({ url: first.url });
    const { job } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const { job: other } = await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const events: { id: string; data: JobSnapshot }[] = [];
    let firstEvent!: () => void;
    const gotFirst = new Promise<void>((resolve) => (firstEvent = resolve));
    const done = new Promise<void>((resolve, reject) => {
      client.onStatus.subscribe(
        { jobId: job.job_id },
        {
          onData: (event) => {
            events.push(event);
            firstEvent();
          },
          onError: reject,
          onComplete: resolve,
        },
      );
    });
    await gotFirst;
    const port = Number(new URL(first.url).port);
    await first.close();
    // Its successor on the same address; the job runs while the subscriber is away.
    const second = await nodes.node({ role: 'api' }, { port });
    open.open();
    await done;
    const seqs = events.map((e) => Number(e.id));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(events.at(-1)!.data.status).toBe('completed');
    const status = await getJson(`${second.url}/status/${other.job_id}`);
    expect(status.status).toBe(200);
    expect(['pending', 'processing', 'completed']).toContain(status.body.data.status);
  }, 60_000);
});

describe('a worker process stopped with SIGTERM mid-job', () => {
  it('hands its jobs back to the queue when the grace runs out; another worker completes them, nothing failed', async () => {
    const api = await nodes.node({ role: 'api' });
    const llm = await hangingLlm();
    // No PIPELINE_CONCURRENCY: a worker process's default, 4 jobs at once, all mid-run at the signal.
    const { child, exited } = spawnWorker(api.config.redisUrl!, api.config.redisPrefix, llm.baseUrl, {
      SHUTDOWN_GRACE_MS: '200',
    });
    try {
      const client = createClient({ url: api.url });
      const jobs = await Promise.all(
        [1, 2, 3, 4].map(
          async () => (await client.processFragment.mutate({ fragmento: fragment(), mode: 'async' })).job,
        ),
      );
      const watched = jobs.map(async (job) => {
        const history: JobSnapshot[] = [];
        for await (const event of api.tracker.subscribe(job.job_id, { afterSeq: 0 })) history.push(event.snapshot);
        return history;
      });
      await llm.calledTimes(4);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      for (const job of jobs) expect((await api.tracker.get(job.job_id))!.status).toBe('processing');
      await nodes.node({ role: 'worker', redisLockDurationMs: 1000 });
      for (const history of await Promise.all(watched)) {
        expect(history.at(-1)!.status).toBe('completed');
        expect(history.map((s) => s.status)).not.toContain('failed');
      }
    } finally {
      child.kill('SIGKILL');
      llm.close();
    }
  }, 60_000);
});
