import type { AnyRouter } from '@trpc/server';
import { fastifyRequestHandler, type FastifyHandlerOptions } from '@trpc/server/adapters/fastify';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { getTRPCErrorFromUnknown, isPromise, type TRPCAcceptHeader } from '@trpc/server/unstable-core-do-not-import';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerQueries } from './answer-queries.ts';
import { answerSubscription } from './answer-subscription.ts';
import type { CallEnv, ErrorReporter } from './call-env.ts';
import { decodeRequest, type DecodedCall, type DecodedRequest } from './decode-request.ts';
import { OutputCache } from './output-cache.ts';
import { DirectQueries } from './direct-queries.ts';
import { createRouterView, type RouterView } from './router-view.ts';
import { SharedStreams } from './shared-streams.ts';

export interface FastTrpcRoutesOptions<TRouter extends AnyRouter> {
  /** Where `fastifyTRPCPlugin` is mounted, e.g. `/trpc`. */
  prefix: string;
  /** The very options given to `fastifyTRPCPlugin`; whatever the fast routes leave goes to the official handler with them. */
  trpcOptions: FastifyHandlerOptions<TRouter, FastifyRequest, FastifyReply>;
  /**
   * Headers the app adds in onSend hooks (e.g. X-Request-ID): SSE answers are written on the
   * hijacked socket, where those hooks do not run.
   */
  sseHeaders?: (request: FastifyRequest) => Record<string, string>;
  /**
   * The middlewares, by identity, that leave successes untouched: the only ones a query that
   * declares `direct` may have besides its input parser (see DirectQueries). Default: none.
   */
  failureOnlyMiddlewares?: ReadonlySet<unknown>;
  /**
   * The app's running shared streams, when other routes join them too (LiveStreams); by default
   * the fast routes keep their own from the procedures' `share` declarations.
   */
  sharedStreams?: SharedStreams;
}

type ContextFactory = (opts: { req: FastifyRequest; res: FastifyReply; info: TRPCRequestInfo }) => unknown;

function requestInfo(request: FastifyRequest, decoded: DecodedRequest, env: CallEnv): TRPCRequestInfo {
  const calls: DecodedCall[] = decoded.kind === 'query' ? decoded.calls : [decoded.call];
  const trpcAccept = request.headers['trpc-accept'];
  return {
    accept: typeof trpcAccept === 'string' ? (trpcAccept as TRPCAcceptHeader) : null,
    type: decoded.kind === 'query' ? 'query' : 'subscription',
    isBatchCall: decoded.kind === 'query' && decoded.isBatch,
    calls: calls.map((call) => ({
      path: call.path,
      procedure: call.procedure,
      batchIndex: call.batchIndex,
      getRawInput: async () => {
        env.inputsRead = true;
        return decoded.kind === 'subscription' ? decoded.procedureInput : call.input;
      },
      result: () => (env.inputsRead ? call.input : undefined),
    })),
    connectionParams: null,
    signal: env.signal ?? new AbortController().signal,
    // Built only if the context asks for it.
    get url() {
      return new URL(request.raw.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    },
  };
}

/**
 * GET routes beside `fastifyTRPCPlugin` that answer queries (httpLink, httpBatchLink) and
 * subscriptions (httpSubscriptionLink) without the web Request/Response round trip, byte for
 * byte as the official adapter would. The route's path only matches the router's query and
 * subscription names (find-my-way prefers it to the plugin's `/:path`); within it, anything
 * the fast path does not reproduce exactly is handed to `fastifyRequestHandler`. Mutations,
 * method override (POST), HEAD and lazy routers never reach it.
 *
 * What each procedure allows beyond that (cached output, the direct lane, shared streams, what
 * a slow subscriber keeps) is read from its `meta.fast` (see FastPathMeta in @noticias/api).
 * Returns false, registering nothing, when the router's options leave nothing to speed up;
 * throws when a procedure declares what its definition contradicts.
 */
export function registerFastTrpcRoutes<TRouter extends AnyRouter>(
  app: FastifyInstance,
  options: FastTrpcRoutesOptions<TRouter>,
): boolean {
  const { prefix, trpcOptions } = options;
  // responseMeta can rewrite any answer's status and headers: left to the official adapter.
  const view: RouterView | null = trpcOptions.responseMeta ? null : createRouterView(trpcOptions.router);
  if (!view) return false;
  const limits = {
    maxBatchSize: trpcOptions.maxBatchSize,
    allowBatching: trpcOptions.allowBatching ?? trpcOptions.batching?.enabled ?? true,
  };
  const direct = new DirectQueries(view.procedures, view.hints, options.failureOnlyMiddlewares ?? new Set());
  const shared = options.sharedStreams ?? new SharedStreams(view.procedures, view.hints);
  const outputs = new OutputCache((value) => view.config.transformer.output.serialize(value) as unknown, view.hints);
  const createContext: ContextFactory | undefined = trpcOptions.createContext;
  const onError: ErrorReporter | undefined = trpcOptions.onError;

  app.get<{ Params: { path: string } }>(
    `${prefix}/:path(${view.pathPattern})`,
    { exposeHeadRoute: false },
    async (request, reply) => {
      const { path } = request.params;
      const decoded = decodeRequest(request, path, view, limits);
      if (!decoded) {
        await fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });
        return reply;
      }
      const env: CallEnv = {
        view,
        outputs,
        direct,
        request,
        ctx: undefined,
        ctxError: undefined,
        onError,
        extraHeaders: options.sseHeaders,
        inputsRead: false,
      };
      try {
        // `info` is built only if the context reads it (ours does not); a context given
        // synchronously is not awaited, which saves a turn of the microtask queue.
        const ctx = createContext?.({
          req: request,
          res: reply,
          get info() {
            return requestInfo(request, decoded, env);
          },
        });
        env.ctx = isPromise(ctx) ? await ctx : ctx;
      } catch (cause) {
        env.ctxError = getTRPCErrorFromUnknown(cause);
      }
      if (decoded.kind === 'subscription') return answerSubscription(env, reply, decoded, shared);
      return answerQueries(env, reply, decoded.calls, decoded.isBatch);
    },
  );
  return true;
}
