import type { FastPathMeta } from '@noticias/api';
import { TRPCError, type AnyProcedure } from '@trpc/server';
import {
  getParseFn,
  getTRPCErrorFromUnknown,
  isObject,
  isPromise,
  middlewareMarker,
} from '@trpc/server/unstable-core-do-not-import';

type Resolver = (opts: Record<string, unknown>) => unknown;
type MiddlewareResult = { ok: true; data: unknown; ctx?: unknown } | { ok: false; error: TRPCError };
type Middleware = ((opts: Record<string, unknown>) => Promise<MiddlewareResult>) & { _type?: string };

interface DirectQuery {
  parse: (input: unknown) => unknown;
  resolver: Resolver;
  meta: unknown;
  /** The procedure's whole chain: failure-only middlewares, its input parser at `inputIndex`, its resolver last. */
  chain: readonly Middleware[];
  inputIndex: number;
}

export interface DirectCall {
  input: unknown;
  ctx: unknown;
  signal: AbortSignal | undefined;
  batchIndex: number;
  getRawInput: () => Promise<unknown>;
}

/** No answer from the direct lane: the caller runs the procedure itself. */
export const NOT_DIRECT: unique symbol = Symbol('not direct');

/**
 * Checks a query declared `direct` and returns its lane. Every middleware of its chain but its
 * input parser and its resolver must be one of `failureOnly` (compared by identity): a
 * middleware that acts on successes (logging, counting, auth) would be skipped by the lane, so
 * the declaration is refused at startup rather than honoured wrongly.
 */
function directQuery(
  path: string,
  procedure: AnyProcedure | undefined,
  failureOnly: ReadonlySet<unknown>,
): DirectQuery {
  const def = procedure?._def as
    { type?: string; inputs?: unknown[]; middlewares?: Middleware[]; resolver?: Resolver; meta?: unknown } | undefined;
  const refuse = (why: string) => new Error(`fast tRPC routes: ${path} is declared \`direct\`, but ${why}`);
  if (def?.type !== 'query' || typeof def.resolver !== 'function' || !def.middlewares)
    throw refuse('it is not a query');
  if (def.inputs?.length !== 1) throw refuse('it has not exactly one input parser');
  const chain = def.middlewares;
  // tRPC appends the resolver's middleware last; the input parser's is marked `_type: 'input'`.
  const inputs = chain.slice(0, -1).flatMap((middleware, index) => (middleware._type === 'input' ? [index] : []));
  if (inputs.length !== 1) throw refuse('its chain has not exactly one input middleware');
  for (const [index, middleware] of chain.slice(0, -1).entries()) {
    if (index !== inputs[0] && !failureOnly.has(middleware)) {
      throw refuse(
        `its middleware #${index} (${middleware.name || 'anonymous'}) is not one known to leave successes untouched`,
      );
    }
  }
  return {
    parse: getParseFn(def.inputs[0] as Parameters<typeof getParseFn>[0]),
    resolver: def.resolver,
    meta: def.meta,
    chain,
    inputIndex: inputs[0]!,
  };
}

/**
 * What tRPC's procedure call makes of a resolver that threw `cause`: the chain run again around
 * it (the middlewares see the failure as they would have), with the input already parsed and
 * the resolver not called a second time. Mirrors tRPC's `callRecursive`.
 */
async function afterFailure(
  query: DirectQuery,
  path: string,
  call: DirectCall,
  parsed: unknown,
  cause: unknown,
): Promise<unknown> {
  const { chain, inputIndex } = query;
  const step = async (index: number, opts: Record<string, unknown>): Promise<MiddlewareResult> => {
    try {
      if (index === chain.length - 1) throw cause;
      if (index === inputIndex) {
        const input = isObject(opts.input) && isObject(parsed) ? { ...opts.input, ...parsed } : parsed;
        return await step(index + 1, { ...opts, input });
      }
      return await chain[index]!({
        ...opts,
        meta: query.meta,
        next(nextOpts?: { ctx?: object; input?: unknown; getRawInput?: unknown }) {
          return step(index + 1, {
            ...opts,
            ctx: nextOpts?.ctx ? { ...(opts.ctx as object), ...nextOpts.ctx } : opts.ctx,
            input: nextOpts && 'input' in nextOpts ? nextOpts.input : opts.input,
            getRawInput: nextOpts?.getRawInput ?? opts.getRawInput,
          });
        },
      });
    } catch (thrown) {
      return { ok: false, error: getTRPCErrorFromUnknown(thrown), marker: middlewareMarker } as MiddlewareResult;
    }
  };
  const result: MiddlewareResult | undefined = await step(0, {
    ctx: call.ctx,
    input: undefined,
    path,
    type: 'query',
    signal: call.signal,
    batchIndex: call.batchIndex,
    getRawInput: call.getRawInput,
  });
  if (!result) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'No result from middlewares - did you forget to `return next()`?',
    });
  }
  if (!result.ok) throw result.error;
  return result.data;
}

/**
 * The queries that declare `direct`, answered without tRPC's middleware chain on success (it
 * costs about as much as the rest of a status poll): the procedure's own input parser, then its
 * own resolver. Input the parser refuses answers NOT_DIRECT (the caller runs the full procedure,
 * so tRPC makes that error); a resolver that throws is not run again: its error goes through the
 * chain's middlewares as in a full call.
 */
export class DirectQueries {
  readonly #queries = new Map<string, DirectQuery>();

  constructor(
    procedures: ReadonlyMap<string, AnyProcedure>,
    hints: ReadonlyMap<string, FastPathMeta>,
    failureOnly: ReadonlySet<unknown>,
  ) {
    for (const [path, hint] of hints) {
      if (hint.direct) this.#queries.set(path, directQuery(path, procedures.get(path), failureOnly));
    }
  }

  has(path: string): boolean {
    return this.#queries.has(path);
  }

  /** The query's result, NOT_DIRECT when it must run the full procedure; throws what the full procedure would throw. */
  async run(path: string, call: DirectCall): Promise<unknown> {
    const query = this.#queries.get(path);
    if (!query) return NOT_DIRECT;
    let input: unknown;
    try {
      const parsed = query.parse(call.input);
      input = isPromise(parsed) ? await parsed : parsed;
    } catch {
      return NOT_DIRECT;
    }
    try {
      return await query.resolver({
        ctx: call.ctx,
        input,
        path,
        type: 'query',
        meta: query.meta,
        signal: call.signal,
        batchIndex: call.batchIndex,
        getRawInput: call.getRawInput,
      });
    } catch (cause) {
      return afterFailure(query, path, call, input, cause);
    }
  }
}
