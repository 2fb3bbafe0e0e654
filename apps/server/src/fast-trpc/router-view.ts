import type { ApiMeta, FastPathMeta } from '@noticias/api';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { RootConfig, AnyRootTypes } from '@trpc/server/unstable-core-do-not-import';

/** What the fast routes read from a router, computed once when they are registered. */
export interface RouterView {
  config: RootConfig<AnyRootTypes>;
  /** Top-level procedures by path; lazy routers are left to the official adapter. */
  procedures: ReadonlyMap<string, AnyProcedure>;
  /** What each of those procedures declares in its `meta.fast` (only those that declare something). */
  hints: ReadonlyMap<string, FastPathMeta>;
  /** Matches a decoded `:path` made only of the names the fast routes answer (comma-joined for batches). */
  pathPattern: string;
  sse: SseSettings | null;
}

export interface SseSettings {
  /** The `connected` event's data: the client options, as tRPC sends them. */
  connectedData: string;
  /** null when pings are off. */
  pingMs: number | null;
  /** null when streams have no deadline. */
  maxDurationMs: number | null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * SSE options the fast path does not reproduce (serverless `emitAndEndImmediately`, SSE
 * disabled, a ping longer than the client's reconnect timeout, which tRPC refuses per request)
 * leave subscriptions to the official adapter.
 */
function sseSettings(config: RootConfig<AnyRootTypes>): SseSettings | null {
  const sse = config.sse ?? {};
  if (sse.enabled === false || sse.emitAndEndImmediately) return null;
  const client = sse.client ?? {};
  const pingEnabled = sse.ping?.enabled ?? false;
  const intervalMs = sse.ping?.intervalMs ?? 1000;
  if (pingEnabled && client.reconnectAfterInactivityMs && intervalMs > client.reconnectAfterInactivityMs) return null;
  return {
    connectedData: JSON.stringify(client),
    pingMs: pingEnabled && intervalMs > 0 && intervalMs !== Infinity ? intervalMs : null,
    maxDurationMs: sse.maxDurationMs ? sse.maxDurationMs : null,
  };
}

/**
 * Queries and subscriptions are answered here; mutations never reach these routes (they are
 * POSTs). A router with a custom path separator is left entirely to the official adapter.
 */
export function createRouterView(router: AnyRouter): RouterView | null {
  const config = router._def._config as RootConfig<AnyRootTypes>;
  if ((config.pathSeparator ?? '.') !== '.') return null;
  const sse = sseSettings(config);
  const procedures = new Map<string, AnyProcedure>();
  const hints = new Map<string, FastPathMeta>();
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, AnyProcedure>)) {
    const type = procedure._def.type;
    if (type !== 'query' && (type !== 'subscription' || !sse)) continue;
    procedures.set(path, procedure);
    const fast = (procedure._def.meta as ApiMeta | undefined)?.fast;
    if (fast) hints.set(path, fast);
  }
  if (procedures.size === 0) return null;
  const names = [...procedures.keys()].map(escapeRegExp).join('|');
  return { config, procedures, hints, pathPattern: `^(?:${names})(?:,(?:${names}))*$`, sse };
}
