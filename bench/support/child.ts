import { fork, type ChildProcess } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  ready: Record<string, unknown>;
  call<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
  /** Sends `signal` (e.g. SIGKILL, or SIGTERM for the server's graceful stop) and resolves once it exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Forks a TypeScript entry with tsx and an IPC channel; resolves once it says it is ready. `nodeArgs`: e.g. `--cpu-prof`. */
export async function startChild(entry: string, args: string[] = [], nodeArgs: string[] = []): Promise<Child> {
  const child = fork(entry, args, {
    execArgv: ['--import', 'tsx', '--conditions=@noticias/source', ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: boolean; id?: number; reply?: { ok: boolean; error?: string } }) => {
      if (message.ready) resolve(message);
      if (message.id === undefined) return;
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter || !message.reply) return;
      if (message.reply.ok) waiter.resolve(message.reply as never);
      else waiter.reject(new Error(message.reply.error ?? 'child call failed'));
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${entry} exited`));
    pending.clear();
  });
  return {
    process: child,
    ready,
    call<T>(command: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve, reject });
        child.send({ id, command });
      });
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await Promise.race([
          new Promise<void>((resolve) => {
            child.send({ id: -1, command: { cmd: 'stop' } }, () => resolve());
          }),
          exited,
        ]);
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
