import type { JobService } from '@noticias/api';
import { isTerminalStatus, type JobSnapshot } from '@noticias/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpError, sendRestError, type RestErrorEnv } from './error-envelope.ts';
import { matchesEtag, type StatusBodies } from './status-body.ts';
import type { StatusStreams } from './status-stream.ts';

export interface StatusRouteDeps {
  jobs: JobService;
  bodies: StatusBodies;
  streams: StatusStreams;
  errorEnv: RestErrorEnv;
}

const MAX_WAIT_SECONDS = 60;
const WAIT_PATTERN = /^\d{1,2}$/;

function wantsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('text/event-stream');
}

/**
 * `GET /status/{job_id}`, the hottest read path: the JSON of each job version is built once
 * (StatusBodies) and each answer only wraps it in the envelope; the bytes are those
 * `statusResponseSchema` (the one the OpenAPI document shows) serializes to. The same path
 * serves the live stream (`Accept: text/event-stream`), the `?wait=` long poll and 304s.
 * `POST /status/{job_id}/cancel` answers with the same body. Every form reads and cancels on
 * behalf of `request.caller` (another owner's job is unknown; a read token reads its own job and
 * cancels nothing).
 */
export function registerStatusRoute(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { jobs, bodies, streams, errorEnv } = deps;

  function sendJob(request: FastifyRequest, reply: FastifyReply, job: JobSnapshot, code = 200) {
    const { etag } = bodies.of(job);
    void reply.header('etag', etag).header('vary', 'accept');
    if (code === 200 && matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    void reply.code(code).type('application/json; charset=utf-8');
    return bodies.envelope(job);
  }

  app.get<{ Params: { job_id: string }; Querystring: { wait?: string } }>('/status/:job_id', async (request, reply) => {
    const { job_id: jobId } = request.params;
    const job = await jobs.getStatus(jobId, request.caller);
    if (wantsEventStream(request.headers.accept)) return streams.stream(request, reply, job.job_id);
    const wait = request.query.wait;
    if (wait === undefined) return sendJob(request, reply, job);
    const seconds = WAIT_PATTERN.test(wait) ? Number(wait) : 0;
    if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
      return sendRestError(
        request,
        reply,
        httpError(400, `El parámetro 'wait' debe ser un entero de 1 a ${MAX_WAIT_SECONDS}`),
        errorEnv,
      );
    }
    if (isTerminalStatus(job.status)) return sendJob(request, reply, job);
    const finished = await streams.waitForEnd(request, reply, job.job_id, seconds * 1000);
    return sendJob(request, reply, finished ?? (await jobs.getStatus(jobId, request.caller)));
  });

  app.post<{ Params: { job_id: string } }>('/status/:job_id/cancel', async (request, reply) => {
    const job = await jobs.cancelJob(request.params.job_id, request.caller);
    void reply.header('location', `/status/${job.job_id}`);
    return sendJob(request, reply, job, 202);
  });
}
