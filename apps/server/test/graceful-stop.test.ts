import { join } from 'node:path';
import type { Pipeline } from '@noticias/pipeline';
import { describe, expect, it } from 'vitest';
import { stopServer } from '../src/stop-server.ts';
import { spawnMain, startMain } from './support/main-process.ts';
import { gate, getJson, history, postJson, sampleJson, startServer } from './support/server.ts';

describe('stopServer (what main runs on SIGTERM/SIGINT)', () => {
  it('refuses new work, serves status, lets running jobs finish in the grace period and fails the rest', async () => {
    const quick = gate();
    const idFor = (input: Parameters<Pipeline['run']>[0]) =>
      input.kind === 'fragmento' ? input.fragment.id_fragmento : '';
    let running = 0;
    const bothRunning = gate();
    const s = await startServer(
      { pipelineConcurrency: 2 },
      {
        wrapPipeline: (real) => ({
          async run(input, runOptions) {
            if (++running === 2) bothRunning.open();
            // "rapido" runs when released; "atascado" never returns, like a hung extractor.
            if (idFor(input) === 'atascado') return new Promise(() => undefined);
            await quick.promise;
            return real.run(input, runOptions);
          },
          close: () => real.close(),
        }),
      },
    );
    const fragment = sampleJson('fragments', '01-informe-fragmento.json');
    const submit = async (id: string) =>
      (await postJson(`${s.url}/procesar_fragmento`, { ...fragment, id_fragmento: id }, { prefer: 'respond-async' }))
        .body.job_id as string;
    const fast = await submit('rapido');
    const stuck = await submit('atascado');
    const queued = await submit('en-cola');
    await bothRunning.promise;

    const stopping = stopServer({ app: s.app, jobs: s.jobs, pipeline: s.pipeline, tracker: s.tracker, graceMs: 1_000 });
    const refused = await postJson(`${s.url}/procesar_fragmento`, fragment);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('service_unavailable');
    expect((await getJson(`${s.url}/status/${fast}`)).body.data.status).toBe('processing');
    quick.open();
    const fastHistory = history(s.tracker, fast);
    const stuckHistory = history(s.tracker, stuck);
    const queuedHistory = history(s.tracker, queued);
    await stopping;

    expect((await fastHistory).at(-1)?.status).toBe('completed');
    expect((await stuckHistory).at(-1)?.error).toMatchObject({ tipo: 'shutdown' });
    expect((await queuedHistory).map((j) => j.status)).toEqual(['pending', 'failed']);
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
  });
});

describe('main.ts as a process', () => {
  it('SIGTERM with jobs in flight: exits 0 and leaves none processing or pending', async () => {
    const server = await startMain();
    const url = `http://127.0.0.1:${server.port}`;

    // Twenty ~150 KB articles at once against one worker: the queue fills far faster than the
    // worker drains it (about 0.1 s a job), so work is still waiting when the signal comes.
    const article = sampleJson('articles', '01-presupuestos-es.json');
    const long = { ...article, contenido_texto: `${article.contenido_texto as string}\n\n`.repeat(100) };
    const accepted = await Promise.all(
      Array.from({ length: 20 }, () => postJson(`${url}/procesar_articulo`, long, { prefer: 'respond-async' })),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = accepted.map((r) => r.body.job_id as string);
    const statuses = await Promise.all(
      ids.map(async (id) => (await getJson(`${url}/status/${id}`)).body.data.status as string),
    );
    expect(statuses.some((status) => status === 'pending' || status === 'processing')).toBe(true);

    const { code, lines } = await server.stop();
    expect(code).toBe(0);
    const settled = lines.find((l) => l.msg === 'jobs settled');
    expect(settled?.jobs).toMatchObject({ pending: 0, processing: 0 });
    expect(settled?.jobs.completed + settled?.jobs.failed).toBe(ids.length);
    // Every job's end is logged with its id.
    for (const id of ids) {
      expect(lines.some((l) => l.job_id === id && (l.msg === 'job completed' || l.msg === 'job failed'))).toBe(true);
    }
    expect(lines.some((l) => l.msg === 'job failed' && l.tipo === 'shutdown')).toBe(true);
    expect(lines.at(-1)?.msg).toBe('server stopped');
  });

  it('writes its whole shutdown log, in order, while the libuv threadpool is busy', async () => {
    // pino writes stdout from the threadpool; a process.exit() while those writes wait lost or
    // reordered the last lines (seen in CI as 'jobs settled' arriving after 'server stopped').
    const server = await startMain({
      env: { UV_THREADPOOL_SIZE: '1' },
      imports: [join(import.meta.dirname, 'support', 'busy-threadpool.js')],
    });
    const { code, lines, stderr } = await server.stop();
    expect(code, JSON.stringify({ stderr, lines: lines.slice(-8) }, null, 1)).toBe(0);
    const shutdown = ['signal received', 'stopping: new submissions refused', 'jobs settled', 'server stopped'];
    expect(lines.map((l) => l.msg).filter((msg) => shutdown.includes(msg as string))).toEqual(shutdown);
    expect(lines.at(-1)?.msg).toBe('server stopped');
    // The process waited for the threadpool instead of leaving while it was busy.
    expect(stderr).toContain('threadpool busy\nthreadpool free\n');
  });

  it('a repeated SIGTERM (a supervisor and `pnpm start` each deliver one) does not cut the stop short', async () => {
    const server = await startMain({ imports: [join(import.meta.dirname, 'support', 'hold-on-signal.js')] });
    server.kill('SIGTERM');
    await server.untilStderr('holding\n');
    server.kill('SIGTERM');
    await server.untilLine((l) => l.msg === 'already stopping');
    server.kill('SIGUSR2');
    const { code, lines } = await server.ended;
    expect(code, JSON.stringify(lines.slice(-8), null, 1)).toBe(0);
    expect(lines.some((l) => l.msg === 'server stopped')).toBe(true);
    expect(lines.some((l) => l.msg === 'second signal: exiting without waiting')).toBe(false);
  });

  it('a second Ctrl-C (SIGINT) exits at once with 1', async () => {
    const server = await startMain({ imports: [join(import.meta.dirname, 'support', 'hold-on-signal.js')] });
    server.kill('SIGINT');
    await server.untilStderr('holding\n');
    server.kill('SIGINT');
    const { code, lines } = await server.ended;
    expect(code).toBe(1);
    // process.exit() may land pino's in-flight lines after this one, so its place is not checked.
    expect(lines.map((l) => l.msg)).toContain('second signal: exiting without waiting');
  });

  it('when the port is taken: logs why, closes what it started and exits 1', async () => {
    const first = await startMain();
    try {
      const second = spawnMain({ env: { PORT: String(first.port) } });
      await expect(second.listening).rejects.toThrow(/before listening/);
      const { code, lines } = await second.ended;
      expect(code).toBe(1);
      expect(lines.find((l) => l.level === 60)).toMatchObject({ msg: 'could not listen', err: { code: 'EADDRINUSE' } });
      // It ended because nothing was left running, not on the fallback timer.
      expect(lines.some((l) => l.msg === 'exiting with handles still open')).toBe(false);
    } finally {
      await first.stop();
    }
  });
});
