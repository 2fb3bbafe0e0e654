import { execFile, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { JsonBody } from './server.ts';

const serverDir = join(import.meta.dirname, '..', '..');
const repoDir = join(serverDir, '..', '..');

type LogLine = Record<string, JsonBody>;

export interface MainProcess {
  pid: number;
  /** The port, once the server logs that it listens; rejects if the process ends first. */
  listening: Promise<number>;
  /** Resolves once the process has ended and its output has been read to the end. */
  ended: Promise<{ code: number | null; lines: LogLine[]; stderr: string }>;
  /** Resolves with the first log line (past or future) that matches. */
  untilLine(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** Resolves once stderr contains `text`. */
  untilStderr(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

export interface MainOptions {
  /** `source`: `src/main.ts` through tsx, as tests run everything; `compiled`: `node dist/main.js`, as `pnpm start` runs it. */
  entry?: 'source' | 'compiled';
  env?: Record<string, string>;
  /** Modules preloaded with `--import`. */
  imports?: string[];
}

/** Emits the server and the packages it uses into their `dist/` (incremental: cheap when up to date). */
export async function buildServer(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: repoDir });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -b tsconfig.build.json failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/** Starts the server's `main` in a process of its own on a free port, logging JSON at info level. */
export function spawnMain(options: MainOptions = {}): MainProcess {
  const preloads = (options.imports ?? []).flatMap((m) => ['--import', m]);
  const args =
    options.entry === 'compiled'
      ? [...preloads, 'dist/main.js']
      : ['--import', 'tsx', '--conditions=@noticias/source', ...preloads, 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PIPELINE_CONCURRENCY: '1',
      PIPELINE_WORKERS: '1',
      SHUTDOWN_GRACE_MS: '0',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let stderr = '';
  const output = new EventEmitter();
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output.emit('stderr');
  });
  let onListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve, reject) => {
    onListening = resolve;
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  listening.catch(() => undefined);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const entry = JSON.parse(line) as LogLine;
    lines.push(entry);
    if (entry.msg === 'server listening') onListening(entry.port as number);
    output.emit('line');
  });
  // 'close', not 'exit': it comes after stdout has been read to the end.
  const ended = (once(child, 'close') as Promise<[number | null]>).then(([code]) => ({ code, lines, stderr }));
  const until = <T>(event: string, found: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const value = found();
        if (value === undefined) return;
        output.off(event, check);
        resolve(value);
      };
      output.on(event, check);
      check();
      void ended.then(() => {
        output.off(event, check);
        reject(new Error(`server ended before ${what}: ${JSON.stringify({ stderr, lines: lines.slice(-8) })}`));
      });
    });
  return {
    pid: child.pid!,
    listening,
    ended,
    untilLine: (matches) => until('line', () => lines.find(matches), 'the expected log line'),
    untilStderr: (text) =>
      until('stderr', () => (stderr.includes(text) ? true : undefined), JSON.stringify(text)).then(() => undefined),
    kill: (signal) => child.kill(signal),
  };
}

/** `spawnMain`, once it listens; `stop()` sends SIGTERM and waits for the end. */
export async function startMain(
  options?: MainOptions,
): Promise<MainProcess & { port: number; stop: () => MainProcess['ended'] }> {
  const main = spawnMain(options);
  const port = await main.listening;
  return {
    ...main,
    port,
    stop: () => {
      main.kill('SIGTERM');
      return main.ended;
    },
  };
}
