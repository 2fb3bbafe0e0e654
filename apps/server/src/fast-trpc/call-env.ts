import type { TRPCError } from '@trpc/server';
import type { ProcedureType } from '@trpc/server/unstable-core-do-not-import';
import type { FastifyRequest } from 'fastify';
import type { DirectQueries } from './direct-queries.ts';
import type { OutputCache } from './output-cache.ts';
import type { RouterView } from './router-view.ts';

/** Everything a fast call needs about its request, built once per request. */
export interface CallEnv {
  view: RouterView;
  outputs: OutputCache;
  direct: DirectQueries;
  request: FastifyRequest;
  /** undefined when `createContext` threw: tRPC then fails every call with `ctxError`. */
  ctx: unknown;
  ctxError: TRPCError | undefined;
  /**
   * Queries get none (undefined, as with createCaller): they answer at once, and an
   * AbortController per request cost more than the rest of the fast path's bookkeeping.
   * Subscriptions get theirs from the SSE session.
   */
  signal?: AbortSignal;
  onError: ErrorReporter | undefined;
  /** Headers the app's onSend hooks add, for the SSE responses that bypass them. */
  extraHeaders: ((request: FastifyRequest) => Record<string, string>) | undefined;
  /**
   * tRPC reads a request's inputs once for all its calls and reports them to `onError` only
   * once some call has read them; this mirrors that.
   */
  inputsRead: boolean;
}

/** The adapter's `onError`, as the fast routes call it (with the Fastify request, like the adapter). */
export type ErrorReporter = (opts: {
  error: TRPCError;
  type: ProcedureType | 'unknown';
  path: string | undefined;
  input: unknown;
  ctx: unknown;
  req: FastifyRequest;
}) => void;
