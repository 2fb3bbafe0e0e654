// Loaded with --import into a server process by graceful-stop.test.ts. On SIGTERM it keeps the
// libuv threadpool (run with UV_THREADPOOL_SIZE=1) busy for a few hundred milliseconds, as a
// loaded machine can: pino's stdout writes queue behind it, so a process that exits without
// waiting for them loses or reorders its last log lines.
// Plain JavaScript, and idle outside the main thread: worker threads inherit --import, before
// tsx is registered in them.
import { pbkdf2 } from 'node:crypto';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.prependListener('SIGTERM', () => {
    process.stderr.write('threadpool busy\n');
    pbkdf2('busy', 'threadpool', 1_000_000, 32, 'sha256', () => process.stderr.write('threadpool free\n'));
  });
}
