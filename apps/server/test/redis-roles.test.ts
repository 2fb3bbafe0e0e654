import { createClient } from '@noticias/client';
import type { FragmentInput, JobSnapshot } from '@noticias/contract';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '../src/config.ts';
import { RedisStartupError, startServices } from '../src/create-services.ts';
import { startTestRedis, useRedisNodes } from './support/redis-nodes.ts';
import { waitFor } from '../../../test/support/wait-for.ts';
import { gate, gatedPipeline, getJson, postJson, sampleJson, startServer } from './support/server.ts';

// Several processes over one Redis: api nodes queue, a worker node runs, any api node reads.

const nodes = useRedisNodes();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');
const article = () => sampleJson('articles', '02-incendio-es.json');

async function finalStatus(url: string, jobId: string): Promise<JobSnapshot> {
  const client = createClient({ url });
  return client.waitForJob(jobId, { timeoutMs: 30_000 });
}

describe('ROLE=api and ROLE=worker over Redis', () => {
  it('queues on api A, runs on the worker, and api B answers /status with the same body', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const submitted = await postJson(`${a.url}/procesar_fragmento`, fragment(), { prefer: 'respond-async' });
    expect(submitted.status).toBe(202);
    const jobId: string = submitted.body.job_id;
    const final = await finalStatus(b.url, jobId);
    expect(final.status).toBe('completed');
    const [onA, onB] = await Promise.all([getJson(`${a.url}/status/${jobId}`), getJson(`${b.url}/status/${jobId}`)]);
    expect(onA.status).toBe(200);
    expect(onB.body.data).toEqual(onA.body.data);
    expect(onB.body.data).toEqual({ ...final });
    expect(onB.body.data.result.elementos_extraidos.hechos).toBeGreaterThan(0);
  });

  it('answers getResult on any api process with the tree the worker kept, and its text', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const fragmento = fragment() as unknown as FragmentInput;
    const submitted = await createClient({ url: a.url }).processFragment.mutate({ fragmento, mode: 'wait' });
    if (submitted.mode !== 'wait') throw new Error('expected a waited submission');
    const onB = await createClient({ url: b.url }).getResult.query({ jobId: submitted.job.job_id });
    expect(onB.job.status).toBe('completed');
    expect(onB.result).toEqual(submitted.result);
    expect(onB.text).toBe(fragmento.texto_original.trim());
  });

  it('brings a result back through BullMQ only to a caller that waits; getResult answers both on api B', async () => {
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const fragmento = fragment() as unknown as FragmentInput;
    const onA = createClient({ url: a.url });
    const waited = await onA.processFragment.mutate({ fragmento, mode: 'wait' });
    const queued = await onA.processFragment.mutate({ fragmento, mode: 'async' });
    // What BullMQ keeps as the job's return value, which every api process's QueueEvents reads.
    const returned = (jobId: string) =>
      execFileSync('redis-cli', [
        '-p',
        String(nodes.redis.port),
        'hget',
        `${a.config.redisPrefix}:bull:jobs:${jobId}`,
        'returnvalue',
      ])
        .toString()
        .trim();
    await finalStatus(b.url, queued.job.job_id);
    // The tracker's final state is written before the worker hands the job back to BullMQ.
    await waitFor('BullMQ to record the async job finished', () => returned(queued.job.job_id) !== '');
    expect(JSON.parse(returned(queued.job.job_id))).toEqual({ ok: true, result: null });
    if (waited.mode !== 'wait') throw new Error('expected a waited submission');
    expect(JSON.parse(returned(waited.job.job_id))).toEqual({ ok: true, result: waited.result });
    const onB = createClient({ url: b.url });
    expect((await onB.getResult.query({ jobId: waited.job.job_id })).result).toEqual(waited.result);
    const kept = (await onB.getResult.query({ jobId: queued.job.job_id })).result;
    // The same fragment: the same extraction, under its own job id.
    expect(kept?.request_id).toBe(queued.job.job_id);
    expect(kept?.fase_2_extraccion).toEqual(waited.result.fase_2_extraccion);
  });

  it('answers a waiting submission with 200 and the full result tree when the worker runs it', async () => {
    const api = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' });
    const memory = await startServer({});
    try {
      const [viaRedis, inMemory] = await Promise.all([
        postJson(`${api.url}/procesar_articulo`, { articulo: article() }),
        postJson(`${memory.url}/procesar_articulo`, { articulo: article() }),
      ]);
      expect(viaRedis.status).toBe(200);
      expect(inMemory.status).toBe(200);
      // The same tree as the all-in-one memory server, apart from what differs per run.
      const strip = (body: Record<string, unknown>) =>
        JSON.parse(JSON.stringify(body), (key, value: unknown) =>
          /uuid|_id$|timestamp|tiempo|fecha_procesamiento|request_id|_at$/.test(key) ? '*' : value,
        );
      expect(Object.keys(viaRedis.body)).toEqual(Object.keys(inMemory.body));
      expect(strip(viaRedis.body.data)).toEqual(strip(inMemory.body.data));
    } finally {
      await memory.close();
    }
  });

  it('fails a waiting submission with the job error the worker recorded', async () => {
    const api = await nodes.node({ role: 'api' });
    await nodes.node(
      { role: 'worker' },
      {
        wrapPipeline: (real) => ({
          run: () => Promise.reject(new Error('extractor roto')),
          close: () => real.close(),
        }),
      },
    );
    const response = await postJson(`${api.url}/procesar_fragmento`, fragment());
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.status).not.toBe(503);
    const jobId = response.body.error?.job_id ?? response.body.job_id;
    if (jobId) expect((await getJson(`${api.url}/status/${jobId}`)).body.data.status).toBe('failed');
  });

  it('tRPC: submit on api A, watch live on api B (fast path and official adapter) to the final state', async () => {
    const open = gate();
    const a = await nodes.node({ role: 'api' });
    const fast = await nodes.node({ role: 'api', trpcFastPaths: true });
    const official = await nodes.node({ role: 'api', trpcFastPaths: false });
    await nodes.node({ role: 'worker' }, { wrapPipeline: (real) => gatedPipeline(real, open) });
    const { job } = await createClient({ url: a.url }).processFragment.mutate({
      fragmento: fragment() as unknown as FragmentInput,
      mode: 'async',
    });
    const watch = async (url: string) => {
      const seen: JobSnapshot[] = [];
      for await (const snapshot of createClient({ url }).watchJob(job.job_id)) seen.push(snapshot);
      return seen;
    };
    const watched = Promise.all([watch(fast.url), watch(official.url)]);
    // Both are subscribed (they got the current state) before the job may run.
    await new Promise<void>((resolve) => {
      const check = () =>
        fast.tracker.listenerCount() > 0 && official.tracker.listenerCount() > 0 ? resolve() : setTimeout(check, 10);
      check();
    });
    open.open();
    const [viaFast, viaOfficial] = await watched;
    for (const seen of [viaFast, viaOfficial]) {
      expect(seen.at(-1)!.status).toBe('completed');
      expect(seen.map((s) => s.status)).toContain('processing');
    }
    expect(viaFast.at(-1)).toEqual(viaOfficial.at(-1));
  });

  it('resumes on api B with the lastEventId seen on api A: same ids, no gap, no duplicate', async () => {
    const open = gate();
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' }, { wrapPipeline: (real) => gatedPipeline(real, open) });
    const { job } = await createClient({ url: a.url }).processFragment.mutate({
      fragmento: fragment() as unknown as FragmentInput,
      mode: 'async',
    });
    const first = await new Promise<{ id: string }>((resolve, reject) => {
      const sub = createClient({ url: a.url }).onStatus.subscribe(
        { jobId: job.job_id },
        {
          onData: ({ id }) => {
            sub.unsubscribe();
            resolve({ id });
          },
          onError: reject,
        },
      );
    });
    open.open();
    const rest: { id: string; data: JobSnapshot }[] = [];
    await new Promise<void>((resolve, reject) => {
      createClient({ url: b.url }).onStatus.subscribe(
        { jobId: job.job_id, lastEventId: first.id },
        { onData: (event) => rest.push(event), onError: reject, onComplete: resolve },
      );
    });
    expect(rest.map((e) => Number(e.id))).toEqual(rest.map((_, i) => Number(first.id) + 1 + i));
    expect(rest.at(-1)!.data.status).toBe('completed');
  });

  it('onJobs on api B sees every status of a job submitted on api A and run by the worker', async () => {
    const open = gate();
    const a = await nodes.node({ role: 'api' });
    const b = await nodes.node({ role: 'api' });
    await nodes.node({ role: 'worker' }, { wrapPipeline: (real) => gatedPipeline(real, open) });
    const seen: { seq: number; status: string; jobId: string }[] = [];
    let subscribed!: () => void;
    const started = new Promise<void>((resolve) => (subscribed = resolve));
    let jobId = '';
    const finished = new Promise<void>((resolve, reject) => {
      const sub = createClient({ url: b.url }).onJobs.subscribe(undefined, {
        onStarted: () => subscribed(),
        onData: (event) => {
          seen.push({ seq: event.seq, status: event.snapshot.status, jobId: event.snapshot.job_id });
          if (event.snapshot.job_id === jobId && event.snapshot.status === 'completed') {
            sub.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      });
    });
    await started;
    // onStarted comes with the connection; the server's feed is open once it counts a listener.
    while (b.tracker.listenerCount() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const { job } = await createClient({ url: a.url }).processFragment.mutate({
      fragmento: fragment() as unknown as FragmentInput,
      mode: 'async',
    });
    jobId = job.job_id;
    open.open();
    await finished;
    const mine = seen.filter((e) => e.jobId === jobId);
    expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1));
    expect(mine[0]!.status).toBe('pending');
    expect(mine.at(-1)!.status).toBe('completed');
  });

  it('a waiting submission whose job times out on the worker answers as the all-in-one memory server does', async () => {
    const never = gate();
    const api = await nodes.node({ role: 'api', jobTimeoutMs: 300 });
    await nodes.node({ role: 'worker', jobTimeoutMs: 300 }, { wrapPipeline: (real) => gatedPipeline(real, never) });
    const memory = await startServer({ jobTimeoutMs: 300 }, { wrapPipeline: (real) => gatedPipeline(real, never) });
    try {
      const [viaRedis, inMemory] = await Promise.all([
        postJson(`${api.url}/procesar_fragmento`, fragment()),
        postJson(`${memory.url}/procesar_fragmento`, fragment()),
      ]);
      expect(viaRedis.status).toBe(inMemory.status);
      const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
      expect(shape(viaRedis.body)).toEqual(shape(inMemory.body));
      expect(viaRedis.body.error?.mensaje ?? viaRedis.body.message).toEqual(
        inMemory.body.error?.mensaje ?? inMemory.body.message,
      );
      const page = await api.jobs.listJobs({ limit: 1 });
      expect(page.items[0]).toMatchObject({ status: 'failed', error: { tipo: 'timeout' } });
    } finally {
      never.open();
      await memory.close();
    }
  });

  it('QUEUE_MAX applies to the jobs waiting for a worker: past it, 503 with Retry-After', async () => {
    const api = await nodes.node({ role: 'api', queueMax: 1 });
    const first = await postJson(`${api.url}/procesar_fragmento`, fragment(), { prefer: 'respond-async' });
    expect(first.status).toBe(202);
    const refused = await postJson(`${api.url}/procesar_fragmento`, fragment(), { prefer: 'respond-async' });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Refused, not created: only the first job exists.
    expect((await api.tracker.stats()).total).toBe(1);
    await nodes.node({ role: 'worker' });
    expect((await finalStatus(api.url, first.body.job_id)).status).toBe('completed');
  });

  it('a worker serves /health and /metrics only', async () => {
    const worker = await nodes.node({ role: 'worker' });
    expect((await getJson(`${worker.url}/health`)).status).toBe(200);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
    expect((await getJson(`${worker.url}/status/req_${'0'.repeat(32)}`)).status).toBe(404);
    expect((await postJson(`${worker.url}/procesar_fragmento`, fragment())).status).toBe(404);
  });
});

/** What `measure` says while the services of `role` run over `redis`, with `env` added to their settings. */
async function whileStarted<T>(
  redis: { url: string },
  role: 'api' | 'worker',
  env: Record<string, string>,
  measure: () => T,
): Promise<T> {
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    ROLE: role,
    READ_TOKEN_SECRET: 'a'.repeat(43),
    ...env,
  });
  const services = await startServices(config);
  try {
    return measure();
  } finally {
    await services.closeShared?.();
    await services.pipeline.close();
    await services.tracker.close();
  }
}

describe('Redis configuration', () => {
  it('refuses ROLE=api or ROLE=worker without REDIS_URL', () => {
    expect(() => parseConfig({ ROLE: 'api' })).toThrow(ConfigError);
    expect(() => parseConfig({ ROLE: 'worker' })).toThrow(/REDIS_URL/);
    expect(() => parseConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });

  it('stops at startup when Redis is unreachable, naming REDIS_URL', async () => {
    const gone = await startTestRedis();
    await gone.destroy();
    const config = { ...parseConfig({ LOG_LEVEL: 'silent' }), redisUrl: gone.url };
    const error = await startServices(config).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedisStartupError);
    expect((error as Error).message).toMatch(/^REDIS_URL: /);
  });

  it('starts extraction threads only where asked: none on ROLE=api, none by default on ROLE=worker, PIPELINE_WORKERS there', async () => {
    const redis = await startTestRedis();
    // libuv starts its whole thread pool on first use: started here, it cannot land in a count.
    await Promise.all(Array.from({ length: 4 }, () => readFile(import.meta.filename)));
    const threads = () => readdirSync('/proc/self/task').length;
    const added = async (role: 'api' | 'worker', env: Record<string, string> = {}) => {
      const before = threads();
      return (await whileStarted(redis, role, env, threads)) - before;
    };
    try {
      expect(await added('api', { PIPELINE_WORKERS: '2' })).toBe(0);
      expect(await added('worker')).toBe(0);
      expect(await added('worker', { PIPELINE_WORKERS: '2' })).toBeGreaterThanOrEqual(2);
    } finally {
      await redis.destroy();
    }
  });

  it('follows the event stream only where reads are served: ROLE=api does, ROLE=worker does not', async () => {
    const redis = await startTestRedis();
    // The blocked XREAD of a tracker's stream reader shows in CLIENT LIST as its last command.
    const readers = () =>
      execFileSync('redis-cli', ['-p', String(redis.port), 'client', 'list'])
        .toString()
        .split('\n')
        .filter((line) => / name=noticias:tracker .* cmd=xread/.test(line)).length;
    try {
      expect(await whileStarted(redis, 'api', {}, readers)).toBe(1);
      expect(await whileStarted(redis, 'worker', {}, readers)).toBe(0);
    } finally {
      await redis.destroy();
    }
  });

  it('stops at startup when Redis may evict keys', async () => {
    const evicting = await startTestRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    try {
      const config = { ...parseConfig({ LOG_LEVEL: 'silent' }), redisUrl: evicting.url };
      await expect(startServices(config)).rejects.toThrow(/REDIS_URL: .*maxmemory-policy is 'allkeys-lru'/);
    } finally {
      await evicting.destroy();
    }
  });
});
