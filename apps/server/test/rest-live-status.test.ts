import { createClient } from '@noticias/client';
import { describe, expect, it } from 'vitest';
import { article, finalState, pipelineHeldIn, untilJob } from './support/job-control.ts';
import { getJson, postJson, useServers, type TestServer } from './support/server.ts';

// REST live status (contract v0.2): SSE on GET /status/{id}, ?wait= long poll, ETag / 304,
// against a real server.

const server = useServers();

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A raw SSE reader over fetch: every frame as it comes, until the server closes. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters: { test: (e: SseEvent[]) => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of waiters.splice(0)) {
      if (w.test(events)) w.resolve();
      else waiters.push(w);
    }
  };
  const done = (async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            const m = /^(id|event|data): ?(.*)$/.exec(line);
            if (m) event[m[1] as 'id' | 'event' | 'data'] = m[2];
          }
          events.push(event);
          check();
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return {
    response,
    events,
    done,
    until: (test: (e: SseEvent[]) => boolean) =>
      new Promise<void>((resolve) => {
        waiters.push({ test, resolve });
        check();
      }),
    close: () => controller.abort(),
  };
}

const statuses = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === 'status')
    .map((e) => JSON.parse(e.data!) as { status: string; progress: { phase?: string } });

async function heldJob(s: TestServer): Promise<string> {
  const { body } = await postJson(`${s.url}/procesar_articulo`, article(), { prefer: 'respond-async' });
  const jobId = body.job_id as string;
  await untilJob(s.tracker, jobId, (job) => job.progress.phase === 'extraccion');
  return jobId;
}

describe('GET /status/{id} as text/event-stream', () => {
  it('sends the job as it stands, every change with increasing ids, then event: end, and closes', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const stream = await openStream(`${s.url}/status/${jobId}`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.until((e) => e.length >= 1);
    // The data is the `data` object of the JSON body, byte for byte.
    const json = await getJson(`${s.url}/status/${jobId}`);
    expect(JSON.parse(stream.events[0]!.data!)).toEqual(json.body.data);
    await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    await stream.done;
    const seen = statuses(stream.events);
    expect(seen[0]!.status).toBe('processing');
    expect(seen.at(-1)!.status).toBe('failed');
    const ids = stream.events.filter((e) => e.event === 'status').map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stream.events.at(-1)).toMatchObject({ event: 'end' });
  });

  it('Last-Event-ID resumes after that event; a finished job sends its final state, then end', async () => {
    const s = await server();
    const { body } = await postJson(`${s.url}/procesar_articulo`, article());
    const jobId = body.job_id as string;
    const full = await openStream(`${s.url}/status/${jobId}`);
    await full.done;
    expect(statuses(full.events).map((j) => j.status)).toEqual(['completed']);
    const finalId = Number(full.events[0]!.id);
    const resumed = await openStream(`${s.url}/status/${jobId}`, { 'last-event-id': String(finalId - 2) });
    await resumed.done;
    const resumedIds = resumed.events.filter((e) => e.event === 'status').map((e) => Number(e.id));
    expect(resumedIds).toEqual([finalId - 1, finalId]);
    expect(resumed.events.at(-1)).toMatchObject({ event: 'end' });
  });

  it('works with TRPC_FAST_PATHS=false too (the streams do not depend on the tRPC fast routes)', async () => {
    const s = await server({ trpcFastPaths: false });
    const { body } = await postJson(`${s.url}/procesar_articulo`, article());
    const stream = await openStream(`${s.url}/status/${body.job_id as string}`);
    await stream.done;
    expect(statuses(stream.events).map((j) => j.status)).toEqual(['completed']);
    expect(stream.events.at(-1)).toMatchObject({ event: 'end' });
  });

  it('an unknown id is the JSON 404, not a stream', async () => {
    const s = await server();
    const response = await fetch(`${s.url}/status/req_00000000000000000000000000000000`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: 'http_error',
      mensaje: expect.stringContaining('no encontrado'),
    });
  });

  it('pings idle streams with a comment line (REST_SSE_PING_MS)', async () => {
    const s = await server({ restSsePingMs: 50 }, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const stream = await openStream(`${s.url}/status/${jobId}`);
    await stream.until((e) => e.some((x) => x.comment === 'ping'));
    stream.close();
  });

  it('REST readers and tRPC subscribers of one job share one tracker listener', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const before = s.tracker.listenerCount();
    const rest = await Promise.all(Array.from({ length: 5 }, () => openStream(`${s.url}/status/${jobId}`)));
    await Promise.all(rest.map((r) => r.until((e) => e.length >= 1)));
    const client = createClient({ url: s.url });
    const trpcSeen: string[] = [];
    const trpcDone = new Promise<void>((resolve, reject) => {
      client.onStatus.subscribe(
        { jobId },
        { onData: ({ data }) => trpcSeen.push(data.status), onError: reject, onComplete: resolve },
      );
    });
    await expect.poll(() => trpcSeen.length).toBeGreaterThan(0);
    expect(s.tracker.listenerCount() - before).toBe(1);
    await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    await Promise.all(rest.map((r) => r.done));
    await trpcDone;
    expect(trpcSeen.at(-1)).toBe('failed');
    for (const r of rest) expect(statuses(r.events).at(-1)!.status).toBe('failed');
    await expect.poll(() => s.tracker.listenerCount()).toBe(before);
  });
});

describe('GET /status/{id}?wait= and ETag', () => {
  it('?wait answers as soon as the job ends, with the final body', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const waiting = getJson(`${s.url}/status/${jobId}?wait=60`);
    // Nothing to await on the server side but the waiter's presence: cancel once it is there.
    await expect.poll(() => s.tracker.listenerCount()).toBeGreaterThan(0);
    await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.data.status).toBe('failed');
    await finalState(s.tracker, jobId);
  });

  it('?wait answers with the job as it stands when the time is up; bad values are 400', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const answer = await getJson(`${s.url}/status/${jobId}?wait=1`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.status).toBe('processing');
    for (const bad of ['0', '61', 'x', '1.5']) {
      const refused = await getJson(`${s.url}/status/${jobId}?wait=${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'http_error', mensaje: expect.stringContaining('wait') });
    }
  });

  it('every 200 carries an ETag; If-None-Match answers 304 until the job changes', async () => {
    const s = await server({}, { wrapPipeline: (real) => pipelineHeldIn(real, 'extraccion') });
    const jobId = await heldJob(s);
    const first = await fetch(`${s.url}/status/${jobId}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const same = await fetch(`${s.url}/status/${jobId}`, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    await fetch(`${s.url}/status/${jobId}/cancel`, { method: 'POST' });
    await finalState(s.tracker, jobId);
    const changed = await fetch(`${s.url}/status/${jobId}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
