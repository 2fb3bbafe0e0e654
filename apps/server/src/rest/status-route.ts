import type { JobService } from '@noticias/api';
import type { JobSnapshot } from '@noticias/contract';
import type { FastifyInstance } from 'fastify';
import { compileSerializer, jobSnapshotSchema } from './schemas.ts';

export interface StatusRouteDeps {
  jobs: JobService;
  version: string;
  now: () => number;
}

/**
 * The hottest read path. The tracker hands out one frozen snapshot object per job version, so
 * the snapshot's JSON is built once per version and each answer only wraps it in the envelope.
 * The bytes are those `statusResponseSchema` (the one the OpenAPI document shows) serializes to;
 * a test checks it for every version of a job.
 */
export function registerStatusRoute(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { jobs, version, now } = deps;
  const stringifySnapshot = compileSerializer<JobSnapshot>(jobSnapshotSchema);
  const snapshotJson = new WeakMap<JobSnapshot, string>();
  const versionJson = JSON.stringify(version);

  app.get<{ Params: { job_id: string } }>('/status/:job_id', async (request, reply) => {
    const job = await jobs.getStatus(request.params.job_id, request.caller);
    let data = snapshotJson.get(job);
    if (data === undefined) {
      data = stringifySnapshot(job);
      snapshotJson.set(job, data);
    }
    void reply.type('application/json; charset=utf-8');
    // job_id matches JOB_ID_PATTERN (no characters JSON escapes); an ISO timestamp neither.
    return `{"success":true,"request_id":"${job.job_id}","timestamp":"${new Date(now()).toISOString()}","api_version":${versionJson},"data":${data}}`;
  });
}
