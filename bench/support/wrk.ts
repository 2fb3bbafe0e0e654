import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What wrk counts as failed requests: any of them voids the figures of its run. */
export interface WrkErrors {
  /** "Non-2xx or 3xx responses" */
  non2xx: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
}

export interface WrkResult extends WrkErrors {
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
}

export interface WrkOptions {
  connections: number;
  seconds: number;
  /** Milliseconds each connection waits before each request (bench/support/paced.lua); unset saturates. */
  pacedDelayMs?: number;
  /** Sent with every request (e.g. an API key). */
  headers?: Record<string, string>;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'us':
      return n / 1000;
    case 'ms':
      return n;
    case 's':
      return n * 1000;
    default:
      return n * 60_000;
  }
}

/** Reads wrk's summary (with `--latency`); the error lines are printed only when non-zero. */
export function parseWrkOutput(stdout: string): WrkResult {
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? Number.NaN),
    p50Ms: toMs(/^\s+50%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
    p99Ms: toMs(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
    connect: Number(socket?.[1] ?? 0),
    read: Number(socket?.[2] ?? 0),
    write: Number(socket?.[3] ?? 0),
    timeout: Number(socket?.[4] ?? 0),
  };
}

export const errorsOf = ({ non2xx, connect, read, write, timeout }: WrkErrors): WrkErrors => ({
  non2xx,
  connect,
  read,
  write,
  timeout,
});

export const errorCount = (e: WrkErrors) => e.non2xx + e.connect + e.read + e.write + e.timeout;

export function addErrors(results: WrkErrors[]): WrkErrors {
  const sum: WrkErrors = { non2xx: 0, connect: 0, read: 0, write: 0, timeout: 0 };
  for (const r of results) for (const key of Object.keys(sum) as (keyof WrkErrors)[]) sum[key] += r[key];
  return sum;
}

const fmt = (n: number) => n.toLocaleString('en');

/** e.g. "52,310 non-2xx responses of 52,310; socket errors: read 12" (only the non-zero counts). */
export function describeErrors(e: WrkErrors, requests: number): string {
  const socket = (['connect', 'read', 'write', 'timeout'] as const)
    .filter((key) => e[key] > 0)
    .map((key) => `${key} ${fmt(e[key])}`);
  const parts = [
    ...(e.non2xx > 0 ? [`${fmt(e.non2xx)} non-2xx responses of ${fmt(requests)}`] : []),
    ...(socket.length ? [`socket errors: ${socket.join(', ')}`] : []),
  ];
  return parts.length ? parts.join('; ') : 'no errors';
}

const PACED_SCRIPT = join(import.meta.dirname, 'paced.lua');

/** wrk, one thread, in its own process (never the server's), `--latency` for percentiles. */
export async function wrk(url: string, opts: WrkOptions): Promise<WrkResult> {
  const paced = opts.pacedDelayMs === undefined ? [] : ['-s', PACED_SCRIPT];
  const scriptArgs = opts.pacedDelayMs === undefined ? [] : ['--', String(opts.pacedDelayMs)];
  try {
    const headers = Object.entries(opts.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    const { stdout } = await run(
      'wrk',
      ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency', ...headers, ...paced, url, ...scriptArgs],
      {
        maxBuffer: 1 << 20,
      },
    );
    return parseWrkOutput(stdout);
  } catch (error) {
    // wrk exits 1 when it cannot connect at all ("unable to connect to ...", on stdout).
    const { stdout = '', stderr = '', code } = error as { stdout?: string; stderr?: string; code?: number | string };
    throw new Error(`wrk ${url} failed (exit ${String(code)}): ${`${stdout}${stderr}`.trim() || String(error)}`);
  }
}

export async function hasWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (error) {
    // wrk prints its usage and exits 1 for --version; a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
