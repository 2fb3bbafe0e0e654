import {
  contentLength,
  InputValidationError,
  isValidIdempotencyKey,
  type JobInput,
  type JobService,
  type Submission,
} from '@noticias/api';
import { parseArticle, parseFragment, type PipelineResult } from '@noticias/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpError, sendRestError, type RestErrorEnv } from './error-envelope.ts';
import { acceptedResponseSchema, syncResultResponseSchema } from './schemas.ts';
import './route-config.ts';

export interface SubmitRoutesDeps {
  jobs: JobService;
  version: string;
  now: () => number;
  errorEnv: RestErrorEnv;
}

const BAD_KEY_MESSAGE = "Cabecera 'Idempotency-Key' inválida: de 1 a 255 caracteres ASCII imprimibles";

/** `Prefer: respond-async` (RFC 7240), possibly among other preferences. */
export function prefersAsync(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((value) =>
    value.split(',').some((pref) => pref.split(/[;=]/, 1)[0]?.trim().toLowerCase() === 'respond-async'),
  );
}

// Retry-After of a 202: the contract's estimate, bounded so pollers neither hammer nor sleep for minutes.
const MAX_POLL_HINT_SECONDS = 30;

const BACKGROUND_MESSAGES = {
  articulo: 'Artículo largo recibido. Procesamiento iniciado en background.',
  fragmento: 'Fragmento largo recibido. Procesamiento iniciado en background.',
} as const;

export function registerSubmitRoutes(app: FastifyInstance, deps: SubmitRoutesDeps): void {
  const { jobs, version, now } = deps;
  const schema = { response: { 200: syncResultResponseSchema, 202: acceptedResponseSchema } };

  function respond<R extends PipelineResult>(reply: FastifyReply, submission: Submission<R>, input: JobInput) {
    const jobId = submission.job.job_id;
    if (submission.replayed) void reply.header('idempotent-replayed', 'true');
    const timestamp = new Date(now()).toISOString();
    if (submission.mode === 'wait') {
      return reply.code(200).send({
        success: true,
        request_id: jobId,
        job_id: jobId,
        timestamp,
        api_version: version,
        data: submission.result,
        read_token: submission.read_token,
      });
    }
    const length = contentLength(input);
    const estimated = length / 100;
    const isLong = length > jobs.asyncThreshold;
    const statusUrl = `/status/${jobId}`;
    const metadata =
      input.kind === 'articulo'
        ? { longitud_caracteres: length, es_articulo_largo: isLong, threshold_usado: jobs.asyncThreshold }
        : {
            id_fragmento: input.fragment.id_fragmento,
            longitud_caracteres: length,
            es_fragmento_largo: isLong,
            threshold_usado: jobs.asyncThreshold,
          };
    return reply
      .code(202)
      .header('location', statusUrl)
      .header('retry-after', String(Math.min(MAX_POLL_HINT_SECONDS, Math.max(1, Math.ceil(estimated)))))
      .send({
        success: true,
        request_id: jobId,
        job_id: jobId,
        timestamp,
        api_version: version,
        status: submission.job.status === 'pending' ? 'pending' : 'processing',
        message: BACKGROUND_MESSAGES[input.kind],
        tracking: { job_id: jobId, estimated_time_seconds: estimated, check_status_endpoint: statusUrl },
        metadata,
        read_token: submission.read_token,
      });
  }

  // RFC 7240: a server that honours `respond-async` says so.
  function mode(request: FastifyRequest, reply: FastifyReply): 'async' | 'auto' {
    if (!prefersAsync(request.headers.prefer)) return 'auto';
    void reply.header('preference-applied', 'respond-async');
    return 'async';
  }

  // Checked after the body: an invalid body is a 400 whatever the key, and is not remembered.
  function idempotencyKey(request: FastifyRequest): string | undefined | null {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return undefined;
    return typeof key === 'string' && isValidIdempotencyKey(key) ? key : null;
  }

  app.post('/procesar_articulo', { schema, config: { validationSubject: 'articulo' } }, async (request, reply) => {
    const parsed = parseArticle(request.body);
    if (!parsed.ok) throw new InputValidationError('articulo', parsed.detalles);
    const key = idempotencyKey(request);
    if (key === null) return sendRestError(request, reply, httpError(400, BAD_KEY_MESSAGE), deps.errorEnv);
    const submission = await jobs.submitArticle(parsed.value, {
      mode: mode(request, reply),
      idempotencyKey: key,
      caller: request.caller,
    });
    return respond(reply, submission, { kind: 'articulo', article: parsed.value });
  });

  app.post('/procesar_fragmento', { schema, config: { validationSubject: 'fragmento' } }, async (request, reply) => {
    const parsed = parseFragment(request.body);
    if (!parsed.ok) throw new InputValidationError('fragmento', parsed.detalles);
    const key = idempotencyKey(request);
    if (key === null) return sendRestError(request, reply, httpError(400, BAD_KEY_MESSAGE), deps.errorEnv);
    const submission = await jobs.submitFragment(parsed.value, {
      mode: mode(request, reply),
      idempotencyKey: key,
      caller: request.caller,
    });
    return respond(reply, submission, { kind: 'fragmento', fragment: parsed.value });
  });
}
