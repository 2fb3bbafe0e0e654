import type { JobService } from '@noticias/api';
import type { JobSnapshot } from '@noticias/contract';
import type { FastifyInstance } from 'fastify';
import { compileSerializer, jobSnapshotSchema, statusResponseSchema } from './schemas.ts';

export interface StatusRouteDeps {
  jobs: JobService;
  version: string;
  now: () => number;
}

/**
 * The hottest read path. The tracker hands out one frozen snapshot object per job version, so
 * the snapshot's JSON is built once per version (with the schema's own serializer, hence the
 * same bytes the response schema gives) and each answer only wraps it in the envelope.
 */
export function registerStatusRoute(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { jobs, version, now } = deps;
  const stringifySnapshot = compileSerializer<JobSnapshot>(jobSnapshotSchema);
  const snapshotJson = new WeakMap<JobSnapshot, string>();
  const versionJson = JSON.stringify(version);

  app.get<{ Params: { job_id: string } }>(
    '/status/:job_id',
    // The schema documents the answer; the handler writes those bytes itself.
    { schema: { response: { 200: statusResponseSchema } } },
    async (request, reply) => {
      const job = await jobs.getStatus(request.params.job_id);
      let data = snapshotJson.get(job);
      if (data === undefined) {
        data = stringifySnapshot(job);
        snapshotJson.set(job, data);
      }
      void reply.type('application/json; charset=utf-8');
      // job_id matches JOB_ID_PATTERN (no characters JSON escapes); an ISO timestamp neither.
      return `{"success":true,"request_id":"${job.job_id}","timestamp":"${new Date(now()).toISOString()}","api_version":${versionJson},"data":${data}}`;
    },
  );
}
