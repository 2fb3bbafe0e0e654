import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Pipeline } from '@noticias/pipeline';
import { describe, expect, it } from 'vitest';
import { stopServer } from '../src/stop-server.ts';
import { gate, getJson, history, postJson, sampleJson, startServer, type JsonBody } from './support/server.ts';

describe('stopServer (what main runs on SIGTERM/SIGINT)', () => {
  it('refuses new work, serves status, lets running jobs finish in the grace period and fails the rest', async () => {
    const quick = gate();
    const idFor = (input: Parameters<Pipeline['run']>[0]) => (input.kind === 'fragmento' ? input.fragment.id_fragmento : '');
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
      (await postJson(`${s.url}/procesar_fragmento`, { ...fragment, id_fragmento: id }, { prefer: 'respond-async' })).body
        .job_id as string;
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        PIPELINE_CONCURRENCY: '1',
        PIPELINE_WORKERS: '1',
        SHUTDOWN_GRACE_MS: '0',
        MAX_EVENT_LOOP_DELAY_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, JsonBody>[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const listening = new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, JsonBody>;
        lines.push(entry);
        if (entry.msg === 'server listening') resolve(entry.port as number);
      });
    });
    const port = await listening;
    const url = `http://127.0.0.1:${port}`;

    // Twenty ~150 KB articles at once against one worker: the queue fills far faster than the
    // worker drains it (about 0.1 s a job), so work is still waiting when the signal comes.
    const article = sampleJson('articles', '01-presupuestos-es.json');
    const long = { ...article, contenido_texto: `${article.contenido_texto as string}\n\n`.repeat(100) };
    const accepted = await Promise.all(
      Array.from({ length: 20 }, () => postJson(`${url}/procesar_articulo`, long, { prefer: 'respond-async' })),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = accepted.map((r) => r.body.job_id as string);
    const statuses = await Promise.all(ids.map(async (id) => (await getJson(`${url}/status/${id}`)).body.data.status as string));
    expect(statuses.some((status) => status === 'pending' || status === 'processing')).toBe(true);

    // 'close', not 'exit': it comes after stdout has been read to the end.
    const exited = once(child, 'close');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
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
});
