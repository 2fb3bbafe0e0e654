import http from 'node:http';
import type { JobEvent } from '@noticias/contract';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJob, startPair, trpcUrl, type Pair } from './support/fast-pair.ts';

// onJobs to a client that stops reading, over a real socket: the server falls behind it and
// skips intermediate progress, but every job's final state must still reach it once it reads
// again, on the fast route as through the official adapter.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface SlowClient {
  /** Reads again, until the text satisfies `predicate`. */
  resumeUntil(predicate: (text: string) => boolean): Promise<string>;
}

/** An SSE client that reads the `connected` frame, then stops reading (its socket fills up). */
async function slowClient(url: string): Promise<SlowClient> {
  let text = '';
  let check = (): void => undefined;
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream' }, agent: false }, resolve);
    request.on('error', reject);
    cleanups.push(() => void request.destroy());
  });
  response.setEncoding('utf8');
  let connected = false;
  await new Promise<void>((resolve) => {
    response.on('data', (chunk: string) => {
      text += chunk;
      if (!connected && text.includes('event: connected')) {
        connected = true;
        response.pause();
        resolve();
      }
      check();
    });
  });
  return {
    resumeUntil(predicate) {
      return new Promise((resolve) => {
        check = () => {
          if (predicate(text)) resolve(text);
        };
        response.resume();
        check();
      });
    },
  };
}

/** The job events among the frames (the `connected` frame has data too). */
function eventsOf(text: string): JobEvent[] {
  const data = [...text.matchAll(/^data: (\{.*\})$/gm)].map((match) => JSON.parse(match[1]!) as { json?: unknown });
  return data
    .filter((value) => value.json !== undefined)
    .map((value) => superjson.deserialize<JobEvent>(value as never));
}

// Far more than a loopback socket's kernel buffers hold between them, so the server gets behind.
const FLOOD_EVENTS = 150;
const BIG_MESSAGE = 'x'.repeat(100_000);

describe('onJobs to a client that stops reading', () => {
  it('keeps the latest event of every job: no job’s final state is lost to another job’s progress', async () => {
    const pair: Pair = await startPair();
    cleanups.push(() => pair.close());
    const clients = await Promise.all(
      [pair.fast, pair.official].map((base) => slowClient(trpcUrl(base, 'onJobs', undefined))),
    );

    const busy = await makeJob(pair.tracker, { complete: false, progress: 0 });
    const progress = (percentage: number, message: string) =>
      pair.tracker.progress(busy.job_id, { percentage, message, phase: 'extraccion', phase_index: 2, phase_count: 4 });
    for (let i = 0; i < FLOOD_EVENTS; i++) await progress(i / 10, `${i} ${BIG_MESSAGE}`);
    // Several jobs finish while the client reads nothing, each followed by the busy job's progress.
    const finished: string[] = [];
    for (let i = 0; i < 5; i++) {
      finished.push((await makeJob(pair.tracker, { progress: 1 })).job_id);
      await progress(50 + i, `after ${i}`);
    }
    await progress(99, 'last');

    for (const client of clients) {
      const text = await client.resumeUntil((received) => received.includes('"message":"last"'));
      const events = eventsOf(text);
      const latest = new Map(events.map((event) => [event.snapshot.job_id, event.snapshot]));
      for (const jobId of finished) expect(latest.get(jobId)?.status).toBe('completed');
      expect(latest.get(busy.job_id)?.progress?.message).toBe('last');
      // The client really was behind: it skipped some of the busy job's progress.
      expect(events.filter((event) => event.snapshot.job_id === busy.job_id).length).toBeLessThan(FLOOD_EVENTS);
      // Each job's events still arrive in order.
      for (const jobId of [busy.job_id, ...finished]) {
        const seqs = events.filter((event) => event.snapshot.job_id === jobId).map((event) => event.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
    }
  }, 60_000);
});
