import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { RateLimitedError } from '@noticias/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.ts';
import type { CallerResolver } from './caller-resolver.ts';
import { isLoopback } from './is-loopback.ts';

export interface LimitsOptions {
  config: ServerConfig;
  resolver: CallerResolver;
  /**
   * A shared store for the rate limits (an ioredis client, as @fastify/rate-limit takes it), so
   * that every process counts together; the Redis backend passes it when REDIS_URL is set.
   * Default: counters in this process.
   */
  rateLimitRedis?: unknown;
  /** tRPC's subscription procedures (`onStatus`, ...), mounted at `/trpc`: served as streams whatever the Accept header says. */
  subscriptions: readonly string[];
}

// The tRPC submissions, alone or batched (`/trpc/processArticle,processFragment`).
const TRPC_SUBMISSION = /^\/trpc\/[^?]*\bprocess(?:Article|Fragment)\b/;

/** Submissions have their own, lower limit; everything else counts as a read. */
export function isSubmission(request: FastifyRequest): boolean {
  if (request.method !== 'POST') return false;
  const url = request.url;
  return url.startsWith('/procesar_') || TRPC_SUBMISSION.test(url);
}

const STREAM_RETRY_AFTER_SECONDS = 5;

/**
 * Whether a request may become a live stream: it asks for one (httpSubscriptionLink and the REST
 * live status send this Accept), or it calls a tRPC subscription, which is streamed anyway.
 */
function streamDetector(subscriptions: readonly string[]): (request: FastifyRequest) => boolean {
  const escaped = subscriptions.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const subscription = escaped.length > 0 ? new RegExp(`^/trpc/(?:${escaped.join('|')})(?:[?/]|$)`) : null;
  return (request) =>
    request.headers.accept?.includes('text/event-stream') === true || (subscription?.test(request.url) ?? false);
}

/**
 * Live streams open at once, per process and per caller (`limitKey`). A stream counts from
 * its request until its connection closes, whichever path serves it.
 */
export class StreamCaps {
  #total = 0;
  readonly #byCaller = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerCaller: number,
  ) {}

  get open(): number {
    return this.#total;
  }

  /** Takes a place or throws RateLimitedError; the returned function gives it back (once). */
  acquire(caller: string, perCaller = true): () => void {
    const mine = this.#byCaller.get(caller) ?? 0;
    if (
      (this.maxTotal > 0 && this.#total >= this.maxTotal) ||
      (perCaller && this.maxPerCaller > 0 && mine >= this.maxPerCaller)
    ) {
      throw new RateLimitedError(STREAM_RETRY_AFTER_SECONDS, 'streams');
    }
    this.#total++;
    this.#byCaller.set(caller, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#byCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.#byCaller.set(caller, left);
      else this.#byCaller.delete(caller);
    };
  }
}

/**
 * Rate limits, stream caps and CORS for every route registered after this on `app` (REST and
 * both tRPC paths). Call it on the root instance before any route.
 */
export async function registerLimits(app: FastifyInstance, options: LimitsOptions): Promise<StreamCaps> {
  const { config, resolver } = options;
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins,
      allowedHeaders: [
        'authorization',
        'x-api-key',
        'content-type',
        'idempotency-key',
        'last-event-id',
        'if-none-match',
        'prefer',
        'trpc-accept',
      ],
      exposedHeaders: [
        'location',
        'retry-after',
        'x-request-id',
        'etag',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      maxAge: 600,
    });
  }

  const limitOf = (request: FastifyRequest) =>
    isSubmission(request) ? config.rateLimitSubmitPerMinute : config.rateLimitReadPerMinute;
  // Protected mode serves the local machine alone, which these per-caller limits are not
  // meant to hold back (its tools and tests open hundreds of streams); the process-wide stream
  // cap still applies.
  const unlimited = (request: FastifyRequest) => resolver.mode === 'protected' && isLoopback(request.ip);
  // So in protected mode the rate limits would only ever count the 403s of other addresses,
  // which cost less to refuse than to count: the plugin's hook stays off every request.
  const rateLimited =
    resolver.mode !== 'protected' && (config.rateLimitSubmitPerMinute > 0 || config.rateLimitReadPerMinute > 0);
  if (rateLimited) {
    await app.register(rateLimit, {
      global: true,
      timeWindow: config.rateLimitWindowMs,
      // Two counters per caller: its submissions and the rest.
      keyGenerator: (request) => `${isSubmission(request) ? 'submit' : 'read'}|${resolver.limitKey(request)}`,
      max: (request) => limitOf(request),
      // A limit of 0 is no limit.
      allowList: (request) => limitOf(request) === 0,
      enableDraftSpec: true,
      // While Redis is down the request goes on unlimited: what it reads or writes answers 503 anyway.
      ...(options.rateLimitRedis
        ? { redis: options.rateLimitRedis, nameSpace: `${config.redisPrefix}:rate-limit:`, skipOnError: true }
        : {}),
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }

  const caps = new StreamCaps(config.sseMaxConnections, config.sseMaxConnectionsPerCaller);
  const wantsStream = streamDetector(options.subscriptions);
  if (config.sseMaxConnections > 0 || config.sseMaxConnectionsPerCaller > 0) {
    app.addHook('preHandler', (request, reply, done) => {
      if (!wantsStream(request)) return done();
      try {
        const release = caps.acquire(resolver.limitKey(request), !unlimited(request));
        reply.raw.once('close', release);
        done();
      } catch (error) {
        done(error as Error);
      }
    });
  }
  return caps;
}
