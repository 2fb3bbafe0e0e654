import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '@noticias/client';
import { describe, expect, it } from 'vitest';
import { article, CANCELLED, finalState, pipelineHeldIn, untilJob } from './support/job-control.ts';
import { postJson, useServers } from './support/server.ts';

// The typed client and the CLI over job control: keys on every submission, retries that reuse
// them, and `pnpm cli cancel`.

const server = useServers();
const repo = join(import.meta.dirname, '../../..');
const cli = join(repo, 'packages/client/src/cli/main.ts');

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repo }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

describe('typed client: idempotency keys', () => {
  it('a submission whose answer is lost is retried with the same key: one job, the first answer replayed', async () => {
    const s = await server();
    const bodies: string[] = [];
    let lost = 0;
    const flaky: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST') {
        bodies.push(typeof init.body === 'string' ? init.body : '');
        // The server got the first submission and answered; the answer never arrives.
        if (lost++ === 0)
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          });
      }
      return response;
    };
    const client = createClient({ url: s.url, fetch: flaky });
    const out = await client.processArticle.mutate({ articulo: article(), mode: 'async' });
    expect(out.replayed).toBe(true);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    expect(bodies[0]).toMatch(/"idempotencyKey":"sdk_[0-9a-f]{32}"/);
    expect((await client.stats.query()).jobs.total).toBe(1);
  });

  it('two logical submissions of the same article get two keys, hence two jobs', async () => {
    const s = await server();
    const client = createClient({ url: s.url });
    const a = await client.processArticle.mutate({ articulo: article(), mode: 'async' });
    const b = await client.processArticle.mutate({ articulo: article(), mode: 'async' });
    expect(a.job.job_id).not.toBe(b.job.job_id);
    expect(b.replayed).toBeUndefined();
  });
});

describe('pnpm cli cancel', () => {
  it('cancels a running job; a second cancel says it already finished; an unknown id exits 3', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'citas_datos') });
    const submitted = await postJson(`${s.url}/procesar_articulo`, article(), { prefer: 'respond-async' });
    const jobId = submitted.body.job_id as string;
    await untilJob(s.tracker, jobId, (job) => job.progress.phase === 'citas_datos');

    const first = await runCli(['cancel', jobId, '--url', s.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(jobId);
    expect((await finalState(s.tracker, jobId)).error).toMatchObject({ ...CANCELLED, fase: 'citas_datos' });

    const again = await runCli(['cancel', jobId, '--url', s.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`El job '${jobId}' ya terminó (failed)`);

    const unknown = await runCli(['cancel', 'req_00000000000000000000000000000000', '--url', s.url]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no encontrado');
  });
});
