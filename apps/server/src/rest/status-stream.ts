import { isTerminalStatus, type JobSnapshot } from '@noticias/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveStreams } from '../fast-trpc/live-streams.ts';
import type { FanoutMember } from '../fast-trpc/sse-subscriber.ts';
import { SseSubscriber, type FrameFormat } from '../fast-trpc/sse-subscriber.ts';
import { ActivitySink, IdlePings } from './idle-pings.ts';
import type { StatusBodies } from './status-body.ts';

export interface StatusStreamsOptions {
  live: LiveStreams;
  bodies: StatusBodies;
  /** The tRPC context a shared stream is started with. */
  context: (request: FastifyRequest, reply: FastifyReply) => unknown;
  /** Comment lines keep idle streams open through proxies. */
  pingMs: number;
  /** SSE_MAX_DURATION_MS: a stream is closed after this long (null: never); EventSource resumes with Last-Event-ID. */
  maxDurationMs: number | null;
  /** Headers the app's onSend hooks would add (the stream bypasses them). */
  extraHeaders: (request: FastifyRequest) => Record<string, string>;
}

const STREAM_PATH = 'onStatus';
const END_FRAME = 'event: end\ndata: \n\n';
const PING_FRAME = ': ping\n\n';
const LAST_EVENT_ID = /^\d{1,15}$/;

const headers = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx buffers responses unless told otherwise.
  'x-accel-buffering': 'no',
  vary: 'accept',
};

/**
 * REST live status (`GET /status/{id}` with `Accept: text/event-stream`) and the `?wait=` long
 * poll, both as members of the per-job stream the tRPC `onStatus` fast path fans out (one
 * tracker listener per job however many read it, slow readers get the latest state and never
 * miss the final one).
 */
export class StatusStreams {
  // One timer for every REST stream; the shared streams' tRPC pings are not theirs.
  readonly #pings: IdlePings;
  readonly #format: FrameFormat;

  constructor(private readonly options: StatusStreamsOptions) {
    this.#pings = new IdlePings(options.pingMs);
    this.#format = {
      tracked: (id, value) => options.bodies.frame(id, value as JobSnapshot),
      end: END_FRAME,
      ping: PING_FRAME,
    };
  }

  get size(): number {
    return this.#pings.size;
  }

  /** Answers with the stream; the job was checked to exist (an unknown one gets the JSON 404). */
  async stream(request: FastifyRequest, reply: FastifyReply, jobId: string): Promise<FastifyReply> {
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && LAST_EVENT_ID.test(header.trim()) ? header.trim() : null;
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      ...headers,
      ...this.options.extraHeaders(request),
    });
    reply.raw.once('close', () => reply.log.info({ res: reply, responseTime: reply.elapsedTime }, 'request completed'));
    let detach: (() => void) | null = null;
    let gone = false;
    let forget: (() => void) | null = null;
    const sink = new ActivitySink(reply.raw);
    const subscriber = new SseSubscriber(sink, {
      connectedFrame: null,
      lastEventId,
      maxDurationMs: this.options.maxDurationMs,
      errorJson: () => '',
      format: this.#format,
      onGone: () => {
        gone = true;
        forget?.();
        detach?.();
      },
    });
    if (!gone) forget = this.#pings.add(sink, () => subscriber.ping());
    detach = await this.options.live.attach({
      path: STREAM_PATH,
      input: { jobId, lastEventId },
      ctx: this.options.context(request, reply),
      member: subscriber,
      onError: (error) => request.log.error({ err: error }, 'status stream failed'),
    });
    if (gone) detach();
    return reply;
  }

  /**
   * Resolves once the job is finished (with its final snapshot), when `ms` pass, or when the
   * client leaves (undefined then: ask the tracker for the state).
   */
  async waitForEnd(
    request: FastifyRequest,
    reply: FastifyReply,
    jobId: string,
    ms: number,
  ): Promise<JobSnapshot | undefined> {
    return new Promise((resolve) => {
      let detach: (() => void) | null = null;
      let done = false;
      const settle = (job?: JobSnapshot): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reply.raw.off('close', onClose);
        detach?.();
        resolve(job);
      };
      const onClose = (): void => settle();
      const timer = setTimeout(() => settle(), ms);
      reply.raw.once('close', onClose);
      const member: FanoutMember = {
        sendTracked: (_id, _frame, value) => {
          const job = value as JobSnapshot;
          if (isTerminalStatus(job.status)) settle(job);
        },
        sendUntracked: () => undefined,
        ping: () => undefined,
        finish: () => settle(),
        fail: () => settle(),
      };
      void this.options.live
        .attach({ path: STREAM_PATH, input: { jobId }, ctx: this.options.context(request, reply), member })
        .then((remove) => {
          if (done) remove();
          else detach = remove;
        });
    });
  }

  close(): void {
    this.#pings.close();
  }
}
