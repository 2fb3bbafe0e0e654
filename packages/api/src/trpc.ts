import { initTRPC, type AnyRouter } from '@trpc/server';
import superjson from 'superjson';
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

// Pre-combined so that every root built here shares one transformer object: mergeRouters
// rejects routers whose transformers differ by identity. Clients use plain superjson both ways.
const transformer = { input: superjson, output: outputTransformer };

// `isDev: false` so no stack trace ever reaches a caller whatever NODE_ENV says.
function createRoot(sse: SseOptions) {
  return initTRPC.context<ApiContext>().create({ transformer, isDev: false, errorFormatter: formatTRPCError, sse });
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
