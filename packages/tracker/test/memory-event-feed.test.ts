import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { JobEvent, JobStatus } from '@noticias/contract';
import { createMemoryEventFeed } from '../src/index.ts';
import { FeedSubscriber } from '../src/internal/feed-subscriber.ts';
import { jobId } from './conformance/harness.ts';

const event = (job: number, seq: number, status: JobStatus = 'processing'): JobEvent =>
  ({ seq, snapshot: { job_id: jobId(job), status } }) as JobEvent;

async function drain(subscriber: FeedSubscriber): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for (let n = subscriber.queued; n > 0; n--) out.push((await subscriber.next()).value as JobEvent);
  return out;
}

describe('feed subscriber queue', () => {
  it('collapses to the latest event per job once past its limit, in order of those events', async () => {
    const subscriber = new FeedSubscriber({}, 4, Promise.resolve(), () => {});
    subscriber.push(event(1, 1));
    subscriber.push(event(2, 1));
    subscriber.push(event(1, 2));
    subscriber.push(event(2, 2, 'completed'));
    expect(subscriber.queued).toBe(4);
    subscriber.push(event(1, 3));
    const kept = await drain(subscriber);
    expect(kept.map((e) => [e.snapshot.job_id, e.seq])).toEqual([
      [jobId(2), 2],
      [jobId(1), 3],
    ]);
  });

  it('stays amortised when many distinct jobs are behind: the next collapse waits for twice as many', () => {
    const subscriber = new FeedSubscriber({}, 4, Promise.resolve(), () => {});
    for (let job = 0; job < 1000; job++) subscriber.push(event(job, 1));
    expect(subscriber.queued).toBe(1000);
    for (let job = 0; job < 1000; job++) subscriber.push(event(job, 2));
    expect(subscriber.queued).toBeLessThanOrEqual(2000);
  });

  it('hands an event straight to a waiting next()', async () => {
    const subscriber = new FeedSubscriber({}, 4, Promise.resolve(), () => {});
    const waiting = subscriber.next();
    subscriber.push(event(1, 1));
    expect(await waiting).toEqual({ done: false, value: event(1, 1) });
    expect(subscriber.queued).toBe(0);
  });

  it('drains what it has after end(), then is done', async () => {
    const subscriber = new FeedSubscriber({}, 4, Promise.resolve(), () => {});
    subscriber.push(event(1, 1));
    subscriber.end();
    subscriber.push(event(1, 2));
    expect((await subscriber.next()).value).toEqual(event(1, 1));
    expect((await subscriber.next()).done).toBe(true);
  });
});

describe('memory event feed', () => {
  it('delivers to the job subscribers and the matching every-job subscribers only', async () => {
    const feed = createMemoryEventFeed();
    const one = feed.open({ jobId: jobId(1) });
    const other = feed.open({ jobId: jobId(2) });
    const all = feed.open({});
    const completedOnly = feed.open({ status: 'completed' });
    await feed.publish(event(1, 1));
    await feed.publish(event(1, 2, 'completed'));
    expect((await one.next()).value).toEqual(event(1, 1));
    expect((await one.next()).value).toEqual(event(1, 2, 'completed'));
    expect((await one.next()).done).toBe(true); // ended by the terminal event
    expect((await all.next()).value!.seq).toBe(1);
    expect((await completedOnly.next()).value!.seq).toBe(2);
    expect(feed.listenerCount()).toBe(3);
    other.close();
    all.close();
    completedOnly.close();
    expect(feed.listenerCount()).toBe(0);
  });

  it('ends the subscriptions of removed jobs', async () => {
    const feed = createMemoryEventFeed();
    const one = feed.open({ jobId: jobId(1) });
    const waiting = one.next();
    await feed.endJobs([jobId(1), jobId(9)]);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(feed.listenerCount()).toBe(0);
  });

  it('unregisters on abort and removes its abort listener on close', () => {
    const feed = createMemoryEventFeed();
    const a = new AbortController();
    const b = new AbortController();
    feed.open({ jobId: jobId(1) }, a.signal);
    const closed = feed.open({}, b.signal);
    expect(getEventListeners(a.signal, 'abort')).toHaveLength(1);
    a.abort();
    closed.close();
    expect(getEventListeners(b.signal, 'abort')).toHaveLength(0);
    expect(feed.listenerCount()).toBe(0);
    feed.open({}, AbortSignal.abort());
    expect(feed.listenerCount()).toBe(0);
  });

  it('close() ends everything', async () => {
    const feed = createMemoryEventFeed();
    const subs = [feed.open({ jobId: jobId(1) }), feed.open({ jobId: jobId(1) }), feed.open({})];
    const waiting = subs.map((s) => s.next());
    await feed.close();
    for (const w of waiting) expect((await w).done).toBe(true);
    expect(feed.listenerCount()).toBe(0);
  });
});
