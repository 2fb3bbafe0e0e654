import { createClient } from '@noticias/client';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';
import { bearer, keyed, KEYS, UNKNOWN_JOB } from './support/access.ts';
import { useRedisNodes } from './support/redis-nodes.ts';
import { getJson, postJson, sampleJson } from './support/server.ts';

// Access across processes over one Redis: owners live with the jobs, read tokens verify on every
// api process that shares READ_TOKEN_SECRET, and the rate limits count in Redis.

const nodes = useRedisNodes();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json');

describe('access over Redis, across api processes', () => {
  it("a client key's job is readable with that key on api B, a 404 like an unknown job for another client key, listed and counted for its owner only", async () => {
    const a = await nodes.node({ role: 'api', ...keyed() });
    const b = await nodes.node({ role: 'api', ...keyed() });
    await nodes.node({ role: 'worker' });
    const submitted = await postJson(`${a.url}/procesar_fragmento`, fragment(), {
      ...bearer(KEYS.alice),
      prefer: 'respond-async',
    });
    expect(submitted.status).toBe(202);
    const jobId: string = submitted.body.job_id;
    const alice = createClient({ url: b.url, apiKey: KEYS.alice });
    expect((await alice.waitForJob(jobId, { timeoutMs: 30_000 })).status).toBe('completed');

    const own = await getJson(`${b.url}/status/${jobId}`, bearer(KEYS.alice));
    expect(own.status).toBe(200);
    const foreign = await getJson(`${b.url}/status/${jobId}`, bearer(KEYS.bob));
    const unknown = await getJson(`${b.url}/status/${UNKNOWN_JOB}`, bearer(KEYS.bob));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe(unknown.body.error.code);

    const bob = createClient({ url: b.url, apiKey: KEYS.bob });
    const root = createClient({ url: b.url, apiKey: KEYS.root });
    expect((await alice.listJobs.query()).items.map((job) => job.job_id)).toEqual([jobId]);
    expect((await bob.listJobs.query()).items).toEqual([]);
    expect((await root.listJobs.query()).items.map((job) => job.job_id)).toEqual([jobId]);
    expect((await alice.stats.query()).jobs.counts.completed).toBe(1);
    expect((await bob.stats.query()).jobs.total).toBe(0);
    expect((await root.stats.query()).jobs.total).toBe(1);
    // A cancel from another owner on the other process is the unknown-job 404 too.
    const cancel = await postJson(`${b.url}/status/${jobId}/cancel`, {}, bearer(KEYS.bob));
    expect(cancel.status).toBe(404);
  });

  it('a read_token issued on api A reads the job on api B (same READ_TOKEN_SECRET), and only that job', async () => {
    const a = await nodes.node({ role: 'api', ...keyed() });
    const b = await nodes.node({ role: 'api', ...keyed() });
    await nodes.node({ role: 'worker' });
    const submitted = await postJson(`${a.url}/procesar_fragmento`, fragment(), {
      ...bearer(KEYS.alice),
      prefer: 'respond-async',
    });
    expect(submitted.status).toBe(202);
    const { job_id: jobId, read_token: token } = submitted.body as { job_id: string; read_token: string };
    const viaToken = await getJson(`${b.url}/status/${jobId}?access_token=${encodeURIComponent(token)}`);
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.data.job_id).toBe(jobId);
    const otherJob = await getJson(`${b.url}/status/${UNKNOWN_JOB}?access_token=${encodeURIComponent(token)}`);
    expect(otherJob.status).toBe(404);
  });

  it('counts the submission limit in Redis: N submissions split over api A and B, the next one is 429 on either', async () => {
    const limits = { rateLimitSubmitPerMinute: 3, rateLimitReadPerMinute: 0 };
    const a = await nodes.node({ role: 'api', ...keyed(), ...limits });
    const b = await nodes.node({ role: 'api', ...keyed(), ...limits });
    const submit = (url: string) =>
      postJson(`${url}/procesar_fragmento`, fragment(), { ...bearer(KEYS.alice), prefer: 'respond-async' });
    const accepted = [await submit(a.url), await submit(b.url), await submit(a.url)].map((r) => r.status);
    expect(accepted).toEqual([202, 202, 202]);
    const [onA, onB] = [await submit(a.url), await submit(b.url)];
    expect(onA.status).toBe(429);
    expect(onB.status).toBe(429);
    expect(onB.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another key has its own count.
    const other = await postJson(`${b.url}/procesar_fragmento`, fragment(), {
      ...bearer(KEYS.bob),
      prefer: 'respond-async',
    });
    expect(other.status).toBe(202);
  });

  it('ROLE=api refuses to start without READ_TOKEN_SECRET (tokens signed by one api process must verify on the others)', () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:1', ROLE: 'api' };
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(/READ_TOKEN_SECRET/);
    expect(parseConfig({ ...env, READ_TOKEN_SECRET: 'x'.repeat(32) }).role).toBe('api');
    // A worker issues no tokens; the all-in-one default keeps generating one.
    expect(parseConfig({ ...env, ROLE: 'worker' }).role).toBe('worker');
    expect(parseConfig({}).readTokenSecret).toBeUndefined();
  });
});
