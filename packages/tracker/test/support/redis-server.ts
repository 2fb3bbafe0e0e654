import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** Starts it again on the same port and directory (after `stop`), e.g. to reload its AOF. */
  start(): Promise<void>;
  /** `shutdown nosave`, or `shutdown` (writes the AOF/RDB it is configured for) with `save`. */
  stop(options?: { save?: boolean }): Promise<void>;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

export interface TestRedisOptions {
  appendOnly?: boolean;
  /** Extra `redis-server` arguments, e.g. `['--maxmemory-policy', 'allkeys-lru']`. */
  args?: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function ping(port: number): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/** Waits until `check` holds; redis-server daemonizes before it accepts connections. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`redis-server: ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A real redis-server on a free port with a temporary directory, for one test file. Needs
 * Debian's `redis-server` (`.ci/run` installs it).
 */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'noticias-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--daemonize',
    'yes',
    '--pidfile',
    pidfile,
    '--dir',
    dir,
    '--logfile',
    join(dir, 'redis.log'),
    ...(options.args ?? []),
  ];
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async start() {
      await run('redis-server', args);
      await until(() => ping(port), 'no PONG');
    },
    async stop(stopOptions = {}) {
      await run('redis-cli', ['-p', String(port), 'shutdown', stopOptions.save ? 'save' : 'nosave']).catch(
        () => undefined,
      );
      await until(async () => !(await ping(port)), 'still up');
    },
    async kill() {
      const pid = Number((await readFile(pidfile, 'utf8')).trim());
      process.kill(pid, 'SIGKILL');
      await until(async () => !(await ping(port)), 'still up');
    },
    async destroy() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
