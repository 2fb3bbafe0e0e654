// npx tsx --conditions=@noticias/source bench/pipeline/pool-gc.ts: how much of a worker's reply the main thread's young-generation
// GC promotes, through piscina and through a bare worker_threads Worker, with the same ~21 KB
// result tree and four tasks in flight. Each variant runs in a child process under
// `--trace-gc-nvp`; the main isolate's `promoted=` bytes are summed and divided by the tasks run.
// A reproduction for the README's Performance section, not a pass/fail test.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';

const SECONDS = 5;
const IN_FLIGHT = 4;
const here = import.meta.filename;

/** About the size and shape of an article's result: ~21 KB serialized, ~1,000 objects. */
function resultTree() {
  const entities = Array.from({ length: 150 }, (_, i) => ({
    id: `e${i}`,
    nombre: `Nombre ${i}`,
    tipo: 'persona',
    menciones: [i, i + 1],
    offsets: { inicio: i, fin: i + 5 },
  }));
  return { entidades: entities, hechos: entities.map((e) => ({ texto: `hecho ${e.id}`, entidades: [e.id] })) };
}

// The threads run plain JavaScript (a worker thread does not get tsx's loader): piscina loads a
// file, a bare Worker a data: URL.
const dataUrl = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`;
function piscinaModule(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pool-gc-')), 'task.mjs');
  writeFileSync(file, `export default ${resultTree.toString()};`);
  return file;
}
// A bare worker: answers every message on the port it is given with a result tree.
const BARE_MODULE = dataUrl(`import { parentPort } from 'node:worker_threads';
const resultTree = ${resultTree.toString()};
parentPort.once('message', ({ port }) => port.on('message', () => port.postMessage(resultTree())));`);

type Variant = 'piscina' | 'worker';

async function drive(run: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        await run();
        done++;
      }
    }),
  );
  return done;
}

async function child(variant: Variant): Promise<void> {
  let tasks: number;
  if (variant === 'piscina') {
    const pool = new Piscina({ filename: piscinaModule(), minThreads: 2, maxThreads: 2 });
    tasks = await drive(() => pool.run(null));
    await pool.destroy();
  } else {
    const workers = [0, 1].map(() => new Worker(new URL(BARE_MODULE)));
    const idle: Worker[] = [...workers];
    const waiting: (() => void)[] = [];
    const ports = new Map<Worker, MessagePort>();
    const pending = new Map<Worker, (value: unknown) => void>();
    for (const worker of workers) {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ port: port2 }, [port2]);
      ports.set(worker, port1);
      port1.on('message', (value: unknown) => {
        pending.get(worker)?.(value);
        idle.push(worker);
        waiting.shift()?.();
      });
    }
    const run = async (): Promise<unknown> => {
      while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      const worker = idle.pop()!;
      return new Promise((resolve) => {
        pending.set(worker, resolve);
        ports.get(worker)!.postMessage(null);
      });
    };
    tasks = await drive(run);
    for (const port of ports.values()) port.close();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  console.log(`TASKS ${tasks}`);
}

async function parent(): Promise<void> {
  const exec = promisify(execFile);
  for (const variant of ['piscina', 'worker'] as const) {
    const { stdout } = await exec(
      process.execPath,
      ['--trace-gc-nvp', '--import', 'tsx', '--conditions=@noticias/source', here, variant],
      { maxBuffer: 64 << 20 },
    );
    const tasks = Number(/TASKS (\d+)/.exec(stdout)?.[1]);
    // The main isolate prints the first GC line; worker isolates have their own addresses.
    const lines = stdout.split('\n').filter((line) => line.includes('gc=s'));
    const main = /\[\d+:(0x[0-9a-f]+)\]/.exec(lines[0] ?? '')?.[1];
    let promoted = 0;
    let pauseMs = 0;
    let scavenges = 0;
    for (const line of lines) {
      if (!line.includes(`:${main}]`)) continue;
      promoted += Number(/promoted=(\d+)/.exec(line)?.[1] ?? 0);
      pauseMs += Number(/pause=([\d.]+)/.exec(line)?.[1] ?? 0);
      scavenges++;
    }
    console.log(
      `${variant}: ${tasks} tasks, ${scavenges} scavenges of ${(pauseMs / Math.max(1, scavenges)).toFixed(2)} ms on average, ` +
        `${(promoted / tasks / 1024).toFixed(1)} KB promoted per task`,
    );
  }
}

const variant = process.argv[2] as Variant | undefined;
await (variant ? child(variant) : parent());
