import type { JobSnapshot } from '@noticias/contract';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { describe, expect, it, vi } from 'vitest';
import { ClientConfigError, createClient as createUniversalClient } from '../src/index.ts';
import { createClient } from '../src/node.ts';

// These tests talk to a fake `fetch` to check what goes on the wire without a server; the
// behaviour against the real server is in apps/server/test/client-*.test.ts.

const JOB: JobSnapshot = {
  job_id: 'req_0123456789abcdef0123456789ab',
  status: 'completed',
  created_at: '2026-11-30T10:00:00.000Z',
  updated_at: '2026-11-30T10:00:01.000Z',
  progress: { percentage: 100, message: 'Procesamiento completado exitosamente' },
};

interface Recorded {
  url: string;
  headers: Headers;
}

function fakeServer() {
  const requests: Recorded[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    requests.push({ url, headers: new Headers(init?.headers) });
    if (new Headers(init?.headers).get('accept') === 'text/event-stream') {
      const frames = [
        'event: connected\ndata: {}\n\n',
        `id: 7\ndata: ${JSON.stringify(superjson.serialize(JOB))}\n\n`,
        'event: return\ndata: \n\n',
      ].join('');
      return new Response(frames, { headers: { 'content-type': 'text/event-stream' } });
    }
    return Response.json([{ result: { data: superjson.serialize(JOB) } }]);
  }) as typeof globalThis.fetch;
  return { requests, fetch };
}

describe('createClient', () => {
  it('refuses to build without an EventSource where there is none (the universal entry on Node 20)', () => {
    vi.stubGlobal('EventSource', undefined);
    try {
      expect(() => createUniversalClient({ url: 'http://localhost:8000' })).toThrow(ClientConfigError);
      expect(() => createClient({ url: 'http://localhost:8000' })).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sends calls to <url>/trpc with the caller headers and decodes superjson', async () => {
    const server = fakeServer();
    const client = createClient({
      url: 'http://api.test:8000/',
      headers: { authorization: 'Bearer t' },
      fetch: server.fetch,
    });
    const job = await client.getStatus.query({ jobId: JOB.job_id });
    expect(job).toEqual(JOB);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toMatch(/^http:\/\/api\.test:8000\/trpc\/getStatus\?batch=1&input=/);
    expect(server.requests[0]!.headers.get('authorization')).toBe('Bearer t');
  });

  it('runs subscriptions over SSE through the given fetch, headers included, with the tracked id', async () => {
    const server = fakeServer();
    let calls = 0;
    const headers = () => ({ 'x-token': `t${++calls}` });
    const client = createClient({ url: 'http://api.test', headers, fetch: server.fetch, EventSource });
    const seen: JobSnapshot[] = [];
    for await (const snapshot of client.watchJob(JOB.job_id)) seen.push(snapshot);
    expect(seen).toEqual([JOB]);
    const sse = server.requests.find((request) => request.url.includes('/trpc/onStatus'));
    expect(sse?.headers.get('accept')).toBe('text/event-stream');
    expect(sse?.headers.get('x-token')).toMatch(/^t\d+$/);
    const input = JSON.parse(decodeURIComponent(new URL(sse!.url).searchParams.get('input')!));
    expect(superjson.deserialize(input)).toEqual({ jobId: JOB.job_id, lastEventId: null });
  });

  it('exposes the helpers and every procedure on one object', () => {
    const client = createClient({ url: 'http://api.test', fetch: fakeServer().fetch });
    expect(typeof client.waitForJob).toBe('function');
    expect(typeof client.submitFragmentAndWait).toBe('function');
    expect(typeof client.processArticle.mutate).toBe('function');
    expect(typeof client.onJobs.subscribe).toBe('function');
  });
});
