import type { JobService } from '@noticias/api';
import type { FastifyInstance } from 'fastify';
import { statusResponseSchema } from './schemas.ts';

export interface StatusRouteDeps {
  jobs: JobService;
  version: string;
  now: () => number;
}

// The hottest read path: one tracker lookup and a compiled serializer, no per-request hooks
// beyond the X-Request-ID header.
export function registerStatusRoute(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { jobs, version, now } = deps;
  app.get<{ Params: { job_id: string } }>(
    '/status/:job_id',
    { schema: { response: { 200: statusResponseSchema } } },
    async (request) => {
      const job = await jobs.getStatus(request.params.job_id);
      return {
        success: true,
        request_id: job.job_id,
        timestamp: new Date(now()).toISOString(),
        api_version: version,
        data: job,
      };
    },
  );
}
