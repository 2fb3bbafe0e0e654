import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../src/internal/worker/lower-thread-priority.ts';
import {
  createOfflineExtractor,
  createPipeline,
  PipelineError,
  runPipeline,
  type PhaseReport,
  type Pipeline,
} from '../src/index.ts';
import { articleInput, fragmentInput, loadArticle, loadFragment, longArticle } from './helpers.ts';
import { startFakeLlmServer } from './support/fake-llm-server.ts';

// One pool for the tests that leave it open: starting threads (and loading TypeScript in them)
// is the slow part.
let shared: Pipeline;
beforeAll(() => {
  shared = createPipeline({ extractor: { kind: 'offline' }, workers: 2 });
});
afterAll(() => shared.close());

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

const big = articleInput(longArticle(500_000));

describe('createPipeline with a worker pool', () => {
  it('gives the same result as an inline run, and relays every phase report', async () => {
    const input = fragmentInput(loadFragment('01-informe-fragmento.json'));
    const reports: PhaseReport[] = [];
    const pooled = await shared.run(input, { onPhase: (r) => reports.push(r) });
    const inline = await runPipeline(input, { extractor: createOfflineExtractor() });
    expect(reports.map((r) => `${r.index}/${r.count} ${r.phase}`)).toEqual([
      '1/4 triaje',
      '2/4 extraccion',
      '3/4 citas_datos',
      '4/4 normalizacion',
    ]);
    expect(pooled.fase_2_extraccion).toEqual(inline.fase_2_extraccion);
    expect(pooled.fase_3_citas_datos).toEqual(inline.fase_3_citas_datos);
    expect(pooled.fase_4_normalizacion).toEqual(inline.fase_4_normalizacion);
  });

  it('keeps the calling thread responsive while a 500 KB document is processed', async () => {
    // Warm the pool so the run below measures processing, not thread start-up.
    await shared.run(fragmentInput(loadFragment('01-informe-fragmento.json')));
    const pooled = await ticksDuringExtraction((onPhase) => shared.run(big, { onPhase }));
    const inline = await ticksDuringExtraction((onPhase) =>
      runPipeline(big, { extractor: createOfflineExtractor(), onPhase }),
    );
    // Inline, the extraction blocks the loop: a 1 ms timer fires at most once between the phase 2
    // and phase 3 reports (when the runner yields). In the pool it keeps firing meanwhile.
    expect(inline).toBeLessThanOrEqual(1);
    expect(pooled).toBeGreaterThanOrEqual(3);
  });

  it('aborts a running job in its worker and the pool stays usable', async () => {
    const controller = new AbortController();
    const running = shared.run(big, {
      signal: controller.signal,
      onPhase: (r) => {
        if (r.phase === 'extraccion') controller.abort();
      },
    });
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'PIPELINE_ABORTED', phase: 'extraccion' });
    const after = await shared.run(fragmentInput(loadFragment('02-ley-fragmento.json')));
    expect(after.fase_1_triaje.tipo_articulo).toBe('normativa');
  });

  it('with the LLM extractor, runs the offline fallback of a failed phase in the pool', async () => {
    const server = await startFakeLlmServer((phase) =>
      phase === 'triaje'
        ? { status: 400, body: { error: { message: 'modelo desconocido' } } }
        : { content: 'no es JSON' },
    );
    try {
      pipeline = createPipeline({
        extractor: { kind: 'llm', baseURL: server.baseURL, model: 'm', apiKey: 'k', timeoutMs: 2_000, maxRetries: 0 },
        workers: 1,
      });
      const r = await pipeline.run(articleInput(loadArticle('03-inflacion-ar.json')));
      expect(server.requests).toHaveLength(4);
      expect(r.advertencias).toHaveLength(4);
      expect(r.advertencias[0]).toMatch(/^Fase 1 \(triaje\): .*400.*se usó el extractor offline/);
      expect(r.fase_3_citas_datos.citas_textuales_extraidas.map((c) => c.persona_citada)).toEqual([
        'Javier Ledesma',
        'Sofía Randazzo',
      ]);
      expect(r.metricas.tasas_exito).toEqual({ fase1: true, fase2: true, fase3: true, fase4: true });
    } finally {
      await server.close();
    }
  });

  it('a run aborted mid-extraction ends its thread at once (nothing runs on), and a fresh one takes the next run', async () => {
    const created: Worker[] = [];
    const onWorker = (worker: Worker) => created.push(worker);
    await new Promise((resolve) => setImmediate(resolve));
    process.on('worker', onWorker);
    try {
      pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 1 });
      const controller = new AbortController();
      const running = pipeline.run(big, {
        signal: controller.signal,
        onPhase: (r) => {
          if (r.phase === 'extraccion') controller.abort(new Error('cancelado'));
        },
      });
      expect(await running.catch((e: unknown) => e)).toMatchObject({ code: 'PIPELINE_ABORTED', phase: 'extraccion' });
      const first = created[0]!;
      // The thread that was extracting exits: its work is not left running in the background.
      if (first.threadId !== -1) await once(first, 'exit');
      const next = await pipeline.run(fragmentInput(loadFragment('02-ley-fragmento.json')));
      expect(next.procesamiento_exitoso).toBe(true);
      expect(created.length).toBe(2);
    } finally {
      process.off('worker', onWorker);
    }
  });

  it('rejects runs after close', async () => {
    pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 1 });
    await pipeline.close();
    await expect(pipeline.run(fragmentInput(loadFragment('02-ley-fragmento.json')))).rejects.toMatchObject({
      code: 'PIPELINE_CLOSED',
    });
  });

  it('fails runs still in flight when closed', async () => {
    pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 1 });
    const running = pipeline.run(big).catch((e: unknown) => e);
    await pipeline.close();
    expect(await running).toMatchObject({ name: 'PipelineError', code: 'PIPELINE_CLOSED' });
  });

  it("leaves no thread behind when closed while an aborted job's thread is still ending", async () => {
    const created: Worker[] = [];
    const onWorker = (worker: Worker) => created.push(worker);
    // Node announces a new Worker on the next tick: let other pools' announcements pass first.
    await new Promise((resolve) => setImmediate(resolve));
    process.on('worker', onWorker);
    try {
      pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 1 });
      const controller = new AbortController();
      let closing: Promise<void> | undefined;
      const running = pipeline.run(big, {
        signal: controller.signal,
        onPhase: (r) => {
          if (r.phase !== 'extraccion') return;
          // Aborting a running task terminates its thread; closing in the same tick makes the
          // thread's exit (which piscina answers by topping the pool up) arrive after close.
          controller.abort();
          closing = pipeline?.close();
        },
      });
      expect(await running.catch((e: unknown) => e)).toMatchObject({ code: 'PIPELINE_ABORTED' });
      await closing;
      const aborted = created[0]!;
      if (aborted.threadId !== -1) await once(aborted, 'exit');
      await new Promise((resolve) => setImmediate(resolve));
      expect(created.filter((w) => w.threadId !== -1).map((w) => w.threadId)).toEqual([]);
    } finally {
      process.off('worker', onWorker);
      await Promise.all(created.map((w) => w.terminate()));
    }
  });
});

describe('worker thread priority', () => {
  // Linux keeps a nice value per thread; elsewhere the option does nothing (see lowerThreadPriority).
  const base = getPriority(0);
  it.runIf(process.platform === 'linux' && base < 19)(
    'runs the workers at the nice value asked for and leaves the calling thread as it was',
    async () => {
      const nice = Math.min(19, base + 5);
      pipeline = createPipeline({ extractor: { kind: 'offline' }, workers: 2, workerNice: nice });
      const r = await pipeline.run(fragmentInput(loadFragment('02-ley-fragmento.json')));
      expect(r.fase_1_triaje.tipo_articulo).toBe('normativa');
      // Both threads renice themselves when they load; the pool does not say when the second has.
      await expect.poll(() => threadsAtNice(nice), { timeout: 15_000 }).toBe(2);
      expect(getPriority(0)).toBe(base);
      await pipeline.close();
      pipeline = undefined;
      expect(threadsAtNice(nice)).toBe(0);
    },
  );

  it('is left alone outside Linux, where a nice value would apply to the whole process', () => {
    expect(lowerThreadPriority(19, 'darwin')).toBeNull();
    expect(lowerThreadPriority(19, 'win32')).toBeNull();
    expect(getPriority(0)).toBe(base);
  });
});

/** Threads of this process with the given nice value (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadsAtNice(nice: number): number {
  let count = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[16]) === nice) count++;
    } catch {
      // the thread ended while we looked
    }
  }
  return count;
}

/** How many times a 1 ms interval fires on this thread between the phase 2 and phase 3 reports. */
async function ticksDuringExtraction(run: (onPhase: (r: PhaseReport) => void) => Promise<unknown>): Promise<number> {
  let phase = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    if (phase === 2) ticks++;
  }, 1);
  try {
    await run((r) => (phase = r.index));
  } finally {
    clearInterval(timer);
  }
  return ticks;
}
