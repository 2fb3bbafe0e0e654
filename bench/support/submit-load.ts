// A load client in its own process: submits articles through `processArticle` (waiting for each
// result, as @trpc/client sends it) with a fixed number in flight, between `start` and `pause`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppRouter } from '@noticias/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';

const [url, inFlightArg] = process.argv.slice(2);
const inFlight = Number(inFlightArg ?? 4);
const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson })] });

const dir = join(import.meta.dirname, '../../../shared/samples/articles');
const articles = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Parameters<typeof client.processArticle.mutate>[0]['articulo']);

let running = false;
let completed = 0;
let failed = 0;
let startedAt = 0;
const loops: Promise<void>[] = [];

async function loop(offset: number): Promise<void> {
  let i = offset;
  while (running) {
    try {
      await client.processArticle.mutate({ articulo: articles[i++ % articles.length]!, mode: 'wait' });
      completed++;
    } catch {
      failed++;
    }
  }
}

process.on('message', (message: { id: number; command: { cmd: string } }) => {
  const { id, command } = message;
  const reply = (fields: Record<string, unknown> = {}) => process.send?.({ id, reply: { ok: true, ...fields } });
  switch (command.cmd) {
    case 'start':
      running = true;
      completed = 0;
      failed = 0;
      startedAt = performance.now();
      loops.length = 0;
      for (let k = 0; k < inFlight; k++) loops.push(loop(k));
      reply();
      break;
    case 'reset':
      // Counting starts here (after a warm-up); articles in flight now count when they finish.
      completed = 0;
      failed = 0;
      startedAt = performance.now();
      reply();
      break;
    case 'pause':
    case 'stop': {
      // Counts since the last start or reset; the articles in flight finish first.
      running = false;
      const seconds = (performance.now() - startedAt) / 1000;
      void Promise.all(loops).then(() => {
        reply({ completed, failed, seconds });
        if (command.cmd === 'stop') setImmediate(() => process.exit(0));
      });
      break;
    }
    default:
      process.send?.({ id, reply: { ok: false, error: 'unknown command' } });
  }
});
process.send?.({ ready: true });
