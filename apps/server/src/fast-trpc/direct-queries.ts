import type { AnyProcedure } from '@trpc/server';
import { getParseFn, isPromise } from '@trpc/server/unstable-core-do-not-import';

type Resolver = (opts: Record<string, unknown>) => unknown;

interface DirectQuery {
  parse: (input: unknown) => unknown;
  resolver: Resolver;
  meta: unknown;
}

/** No answer from the direct lane: the caller runs the procedure itself. */
export const NOT_DIRECT: unique symbol = Symbol('not direct');

/**
 * The success path of the queries declared direct, without tRPC's middleware chain (which costs
 * about as much as the rest of a status poll): the procedure's own input parser, then its own
 * resolver. Only for queries whose middlewares act on failures alone (our publicProcedure maps
 * domain errors): on success the result is what the full call would return. Any failure (input
 * refused, resolver throws) answers NOT_DIRECT, and the caller runs the full procedure, so every
 * error a client sees is still made by tRPC.
 */
export class DirectQueries {
  readonly #queries = new Map<string, DirectQuery>();

  constructor(procedures: ReadonlyMap<string, AnyProcedure>, paths: readonly string[]) {
    for (const path of paths) {
      const def = procedures.get(path)?._def as
        { type?: string; inputs?: unknown[]; resolver?: Resolver; meta?: unknown } | undefined;
      // One input parser, as the lane runs it; anything else goes the full way.
      if (def?.type !== 'query' || def.inputs?.length !== 1 || typeof def.resolver !== 'function') continue;
      this.#queries.set(path, {
        parse: getParseFn(def.inputs[0] as Parameters<typeof getParseFn>[0]),
        resolver: def.resolver,
        meta: def.meta,
      });
    }
  }

  has(path: string): boolean {
    return this.#queries.has(path);
  }

  /** The query's result, or NOT_DIRECT when it must run the full procedure. */
  async run(
    path: string,
    call: {
      input: unknown;
      ctx: unknown;
      signal: AbortSignal | undefined;
      batchIndex: number;
      getRawInput: () => Promise<unknown>;
    },
  ): Promise<unknown> {
    const query = this.#queries.get(path);
    if (!query) return NOT_DIRECT;
    try {
      const parsed = query.parse(call.input);
      const input = isPromise(parsed) ? await parsed : parsed;
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
    } catch {
      return NOT_DIRECT;
    }
  }
}
