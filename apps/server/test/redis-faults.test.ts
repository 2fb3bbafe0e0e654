import { createClient } from '@noticias/client';
import type { FragmentInput, JobSnapshot } from '@noticias/contract';
import { describe, expect, it } from 'vitest';
import { useRedisNodes } from './support/redis-nodes.ts';
import { gate, gatedPipeline, getJson, sampleJson } from './support/server.ts';

const nodes = useRedisNodes();
const fragment = () => sampleJson('fragments', '01-informe-fragmento.json') as unknown as FragmentInput;

describe('worker faults over Redis', () => {
  it('a stopping worker hands its running job back to the queue; another worker finishes it, nothing failed', async () => {
    const api = await nodes.node({ role: 'api' });
    const never = gate();
    let onStart!: () => void;
    const started = new Promise<void>((resolve) => (onStart = resolve));
    const first = await nodes.node(
      { role: 'worker', shutdownGraceMs: 0 },
      { wrapPipeline: (real) => Object.assign(gatedPipeline(real, never), { onStart }) },
    );
    const { job } = await createClient({ url: api.url }).processFragment.mutate({ fragmento: fragment(), mode: 'async' });
    const history: JobSnapshot[] = [];
    const watched = (async () => {
      for await (const event of api.tracker.subscribe(job.job_id, { afterSeq: 0 })) history.push(event.snapshot);
    })();
    await started;
    await first.close();
    expect((await api.tracker.get(job.job_id))!.status).toBe('processing');
    await nodes.node({ role: 'worker' });
    await watched;
    expect(history.at(-1)!.status).toBe('completed');
    expect(history.map((s) => s.status)).not.toContain('failed');
    expect(new Set(history.map((s) => s.status))).toEqual(new Set(['pending', 'processing', 'completed']));
    expect((await getJson(`${api.url}/status/${job.job_id}`)).body.data.status).toBe('completed');
  });
});
