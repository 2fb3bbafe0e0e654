import { createMemoryJobTracker } from '@noticias/tracker';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  createJobRunner,
  createJobService,
  createReadTokens,
  createSilentLogger,
  jobWriteFilter,
  JobNotFoundError,
  LOCAL_CALLER,
  type Caller,
} from '../src/index.ts';
import { createFakePipeline } from './support/fake-pipeline.ts';
import { sampleFragment } from './support/samples.ts';

const alice: Caller = { kind: 'key', name: 'alice', role: 'client' };
const bob: Caller = { kind: 'key', name: 'bob', role: 'client' };
const root: Caller = { kind: 'key', name: 'root', role: 'admin' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const tracker = createMemoryJobTracker();
  const readTokens = createReadTokens({ secret: 'secreto-de-pruebas-0123456789abcdefghij', ttlMs: 60_000 });
  const jobs = createJobService({
    tracker,
    pipeline: createFakePipeline(),
    runner: createJobRunner({ concurrency: 1, queueMax: 10, timeoutMs: 60_000 }),
    logger: createSilentLogger(),
    asyncThreshold: 10_000,
    readTokens,
  });
  cleanups.push(async () => {
    await jobs.shutdown({ graceMs: 0 });
    await tracker.close();
  });
  return { jobs, tracker, readTokens };
}

describe('the job service on behalf of a caller', () => {
  it('records the submitting key as owner and answers another client as for an unknown job', async () => {
    const { jobs, readTokens } = setup();
    const submission = await jobs.submitFragment(sampleFragment(), { mode: 'wait', caller: alice });
    const id = submission.job.job_id;
    expect(readTokens.verify(submission.read_token)).toBe(id);
    expect((await jobs.getStatus(id, alice)).job_id).toBe(id);
    expect((await jobs.getStatus(id, root)).job_id).toBe(id);
    expect((await jobs.getStatus(id, LOCAL_CALLER)).job_id).toBe(id);
    await expect(jobs.getStatus(id, bob)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(jobs.watch(id, {}, bob)[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
    expect((await jobs.listJobs({}, bob)).items).toEqual([]);
    expect((await jobs.stats(bob)).jobs.total).toBe(0);
    expect((await jobs.stats(alice)).jobs.total).toBe(1);
    expect(jobWriteFilter(bob)).toEqual({ owner: 'bob' });
    expect(jobWriteFilter(root)).toEqual({ owner: undefined });
  });

  it('a read token reads its one job and nothing else', async () => {
    const { jobs } = setup();
    const mine = await jobs.submitFragment(sampleFragment(), { mode: 'wait', caller: alice });
    const other = await jobs.submitFragment(sampleFragment(), { mode: 'wait', caller: alice });
    const reader: Caller = { kind: 'read-token', jobId: mine.job.job_id };
    expect((await jobs.getStatus(mine.job.job_id, reader)).job_id).toBe(mine.job.job_id);
    const first = await jobs.watch(mine.job.job_id, {}, reader)[Symbol.asyncIterator]().next();
    expect(first.value?.snapshot.job_id).toBe(mine.job.job_id);
    await expect(jobs.getStatus(other.job.job_id, reader)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(jobs.watch(other.job.job_id, {}, reader)[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(
      JobNotFoundError,
    );
    await expect(jobs.listJobs({}, reader)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(jobs.stats(reader)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(jobs.watchAll({}, reader)[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(jobs.submitFragment(sampleFragment(), { caller: reader })).rejects.toBeInstanceOf(AccessDeniedError);
    expect(() => jobWriteFilter(reader)).toThrow(AccessDeniedError);
  });
});
