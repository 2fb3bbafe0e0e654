import { initTRPC, type AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import type { z } from 'zod';
import type { ApiContext } from './context.ts';
import { formatTRPCError, toTRPCError } from './errors/trpc-errors.ts';
import { outputTransformer } from './internal/output-transformer.ts';

/** SSE options of the subscriptions (onStatus, onJobs). `maxDurationMs` ends every stream after that long; clients resume with `lastEventId`. */
export interface SseOptions {
  ping: { enabled: boolean; intervalMs: number };
  client: { reconnectAfterInactivityMs: number };
  maxDurationMs?: number;
}

// Pings every 10 s keep idle streams alive through proxies; a client that hears nothing for
// 25 s reconnects. The ping must stay shorter than that timeout (tRPC refuses the opposite).
const DEFAULT_SSE_OPTIONS: Readonly<SseOptions> = {
  ping: { enabled: true, intervalMs: 10_000 },
  client: { reconnectAfterInactivityMs: 25_000 },
};

/** Subscribers with the same `key` may share one stream; `lastEventId` is where one resumes. */
export interface ShareKey {
  key: string;
  lastEventId: string | null;
}

/** See `shareByInput`. */
export interface ShareDeclaration {
  /** The procedure's input parser, by identity: the key is computed from what it returned. */
  readonly input: unknown;
  readonly keyOf: (parsedInput: unknown) => ShareKey;
}

/**
 * Facts about a procedure that a transport may rely on to answer it more cheaply, declared
 * beside the procedure so that a rename or a change of input cannot leave them behind. The
 * server's fast tRPC routes read them (apps/server/src/fast-trpc); the official adapter ignores
 * them.
 */
export interface FastPathMeta {
  /** The result object is never mutated once returned (the tracker's shared snapshots): its serialised JSON may be reused per object. */
  immutableOutput?: boolean;
  /**
   * A query whose middlewares all leave successes untouched (see `failureOnlyMiddlewares`): its
   * success may be answered from its input parser and resolver alone.
   */
  direct?: boolean;
  /** A subscription whose events depend on its parsed input alone, never on the caller: see `shareByInput`. */
  share?: ShareDeclaration;
  /**
   * A subscription whose subscriber falls behind keeps the latest event of each key only
   * (without it, the latest event only): intermediate states may be skipped, never the last
   * one of a key.
   */
  latestPer?: (event: unknown) => string;
}

export interface ApiMeta {
  fast?: FastPathMeta;
}

/**
 * Subscribers whose input (as `input` parses it) gives the same key may share one stream. The
 * declaration holds `input` itself, so a procedure whose parser is another one is refused
 * rather than keyed from input of another shape.
 */
export function shareByInput<TInput extends z.ZodType>(
  input: TInput,
  keyOf: (parsed: z.output<TInput>) => ShareKey,
): ShareDeclaration {
  return { input, keyOf: keyOf as (parsedInput: unknown) => ShareKey };
}

// Pre-combined so that every root built here shares one transformer object: mergeRouters
// rejects routers whose transformers differ by identity. Clients use plain superjson both ways.
const transformer = { input: superjson, output: outputTransformer };

// `isDev: false` so no stack trace ever reaches a caller whatever NODE_ENV says.
function createRoot(sse: SseOptions) {
  return initTRPC
    .context<ApiContext>()
    .meta<ApiMeta>()
    .create({ transformer, isDev: false, errorFormatter: formatTRPCError, sse });
}

// tRPC is initialised once, here; everything else builds on these exports.
const t = createRoot(DEFAULT_SSE_OPTIONS);

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped !== result.error) throw mapped;
  }
  return result;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * The middlewares that return a success exactly as they got it and call `next` once: a query
 * declared `direct` may have these (and its input parser) only. Compared by identity, so a
 * middleware added or swapped in publicProcedure (logging, counting, auth) is noticed.
 */
export const failureOnlyMiddlewares: ReadonlySet<unknown> = new Set<unknown>(mapDomainErrors._middlewares);
export const createCallerFactory = t.createCallerFactory;

/**
 * `base` with other SSE options (e.g. a short `maxDurationMs`). tRPC reads them from the root
 * config only, and mergeRouters takes the root config's `sse` from its first router, so an empty
 * router from a root with the new options goes first.
 */
export function withSseOptions<TRouter extends AnyRouter>(base: TRouter, overrides: Partial<SseOptions>): TRouter {
  const root = createRoot({ ...DEFAULT_SSE_OPTIONS, ...overrides });
  return root.mergeRouters(root.router({}), base);
}
