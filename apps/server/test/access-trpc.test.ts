import { createClient, JobNotFoundError, type NoticiasClient } from '@noticias/client';
import type { FragmentInput, JobEvent } from '@noticias/contract';
import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyed, KEYS, UNKNOWN_JOB } from './support/access.ts';
import { TRPC_PATHS, trpcUrl } from './support/fast-pair.ts';
import { sampleJson, useServers } from './support/server.ts';
import { runCli } from '../../../packages/client/src/cli/run-cli.ts';

let trpcFastPaths = true;
const server = useServers(() => ({ trpcFastPaths, ...keyed() }));
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

/** Polls a condition until it holds; for state that has no event to await (listener counts). */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<never>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<never>;
}

/** The first onJobs event the client receives. */
function firstJobEvent(client: NoticiasClient): { event: Promise<JobEvent>; stop(): void } {
  let stop = () => undefined as void;
  const event = new Promise<JobEvent>((resolve, reject) => {
    const subscription = client.onJobs.subscribe(undefined, { onData: resolve, onError: reject });
    stop = () => subscription.unsubscribe();
  });
  return { event, stop };
}

describe.each(TRPC_PATHS)('tRPC with API keys ($name)', (paths) => {
  beforeEach(() => {
    trpcFastPaths = paths.trpcFastPaths;
  });

  it('a client key reads, lists and counts its own jobs only; another owner’s job is NOT_FOUND everywhere; admin sees all', async () => {
    const s = await server();
    const [alice, bob, root] = [KEYS.alice, KEYS.bob, KEYS.root].map((apiKey) => createClient({ url: s.url, apiKey }));
    const submitted = await alice!.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    expect(submitted.read_token).toMatch(/^rt1\./);
    const jobId = submitted.job.job_id;
    await alice!.waitForJob(jobId);

    const foreign = await rejection(bob!.getStatus.query({ jobId }));
    const unknown = await rejection(bob!.getStatus.query({ jobId: UNKNOWN_JOB }));
    expect(foreign.data).toEqual({ ...(unknown.data as unknown as object), jobId });
    expect(foreign.message).toBe(unknown.message.replace(UNKNOWN_JOB, jobId));
    await expect(bob!.waitForJob(jobId)).rejects.toBeInstanceOf(JobNotFoundError);
    expect((await alice!.getStatus.query({ jobId })).status).toBe('completed');
    expect((await root!.getStatus.query({ jobId })).status).toBe('completed');

    const ids = async (client: NoticiasClient) => (await client.listJobs.query()).items.map((job) => job.job_id);
    expect(await ids(bob!)).toEqual([]);
    expect(await ids(alice!)).toEqual([jobId]);
    expect(await ids(root!)).toEqual([jobId]);
    expect((await bob!.stats.query()).jobs.total).toBe(0);
    expect((await alice!.stats.query()).jobs.counts.completed).toBe(1);
    expect((await root!.stats.query()).jobs.total).toBe(1);
  });

  it('onJobs shows a client its own jobs only', async () => {
    const s = await server();
    const [alice, bob] = [KEYS.alice, KEYS.bob].map((apiKey) => createClient({ url: s.url, apiKey }));
    const bobs = firstJobEvent(bob!);
    const alices = firstJobEvent(alice!);
    await waitFor('both dashboards to listen', () => s.tracker.listenerCount() === 2);
    // Alice's job changes first; bob's first event is still his own job's.
    const first = await alice!.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    expect((await alices.event).snapshot.job_id).toBe(first.job.job_id);
    const second = await bob!.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    expect((await bobs.event).snapshot.job_id).toBe(second.job.job_id);
    bobs.stop();
    alices.stop();
    await Promise.all([alice!.waitForJob(first.job.job_id), bob!.waitForJob(second.job.job_id)]);
  });

  it('no key or a wrong one: UNAUTHORIZED on queries, mutations and subscriptions', async () => {
    const s = await server();
    for (const client of [createClient({ url: s.url }), createClient({ url: s.url, apiKey: 'no-es-una-clave' })]) {
      expect((await rejection(client.getStatus.query({ jobId: UNKNOWN_JOB }))).data).toMatchObject({
        code: 'UNAUTHORIZED',
        httpStatus: 401,
      });
      expect((await rejection(client.listJobs.query())).data).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await rejection(client.processFragment.mutate({ fragmento: fragment() }))).data).toMatchObject({
        code: 'UNAUTHORIZED',
      });
      const subscribed = await new Promise<unknown>((resolve) => {
        const subscription = client.onJobs.subscribe(undefined, {
          onData: () => resolve(new Error('data for a refused caller')),
          onError: (error) => {
            subscription.unsubscribe();
            resolve(error);
          },
        });
      });
      expect((subscribed as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(s.tracker.listenerCount()).toBe(0);
  });

  it('a read token reads its job through getStatus and onStatus, and nothing else', async () => {
    const s = await server();
    const alice = createClient({ url: s.url, apiKey: KEYS.alice });
    const { job, read_token: token } = await alice.processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    await alice.waitForJob(job.job_id);
    const other = await alice.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    const query = (path: string, input: unknown, t: string) =>
      fetch(trpcUrl(s.url, path, input, `access_token=${encodeURIComponent(t)}`));
    const ok = await query('getStatus', { jobId: job.job_id }, token);
    expect(ok.status).toBe(200);
    expect((await query('getStatus', { jobId: other.job.job_id }, token)).status).toBe(404);
    expect((await query('listJobs', undefined, token)).status).toBe(401);
    expect((await query('stats', undefined, token)).status).toBe(401);
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await query('getStatus', { jobId: job.job_id }, forged)).status).toBe(401);

    const stream = await fetch(
      trpcUrl(s.url, 'onStatus', { jobId: job.job_id }, `access_token=${encodeURIComponent(token)}`),
      { headers: { accept: 'text/event-stream' } },
    );
    const text = await stream.text();
    expect(text).toMatch(/"status":"completed"/);
    expect(text).toContain('event: return');
    const refused = await fetch(
      trpcUrl(s.url, 'onStatus', { jobId: other.job.job_id }, `access_token=${encodeURIComponent(token)}`),
      { headers: { accept: 'text/event-stream' } },
    );
    const refusedText = await refused.text();
    expect(refusedText).toContain('NOT_FOUND');
    expect(refusedText).not.toContain('"job_id"');
  });
});

describe('the CLI with an API key (runCli, the real client)', () => {
  const run = async (argv: string[], apiKey?: string) => {
    let out = '';
    let err = '';
    const code = await runCli({
      argv,
      cwd: process.cwd(),
      stdout: { write: (text: string) => void (out += text), isTTY: false },
      stderr: { write: (text: string) => void (err += text) },
      createClient,
      ...(apiKey === undefined ? {} : { apiKey }),
    });
    return { code, out, err };
  };

  it('sends --api-key or NOTICIAS_API_KEY on every call; without one the server refuses it', async () => {
    trpcFastPaths = true;
    const s = await server();
    const alice = createClient({ url: s.url, apiKey: KEYS.alice });
    const { job } = await alice.processFragment.mutate({ fragmento: fragment(), mode: 'wait' });
    const byFlag = await run(['status', job.job_id, '--url', s.url, '--json', '--api-key', KEYS.alice]);
    expect(byFlag.code).toBe(0);
    expect(JSON.parse(byFlag.out)).toMatchObject({ job_id: job.job_id, status: 'completed' });
    // watch goes over the SSE subscription: the key travels there too.
    const watched = await run(['watch', job.job_id, '--url', s.url, '--json'], KEYS.alice);
    expect(watched.code).toBe(0);
    expect(watched.out).toContain('"completed"');
    const refused = await run(['status', job.job_id, '--url', s.url]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--api-key');
    expect((await run(['status', job.job_id, '--url', s.url], KEYS.bob)).code).toBe(3);
  });
});
