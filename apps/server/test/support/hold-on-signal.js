// Loaded with --import into a server process by graceful-stop.test.ts. On the first SIGTERM or
// SIGINT it keeps the process alive until SIGUSR2, so the test can deliver a second signal while
// the server is still stopping, however quickly the stop itself completes.
// Plain JavaScript, and idle outside the main thread (worker threads inherit --import).
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const hold = () => {
    process.off('SIGTERM', hold);
    process.off('SIGINT', hold);
    const timer = setInterval(() => undefined, 60_000);
    process.once('SIGUSR2', () => clearInterval(timer));
    process.stderr.write('holding\n');
  };
  process.prependListener('SIGTERM', hold);
  process.prependListener('SIGINT', hold);
}
