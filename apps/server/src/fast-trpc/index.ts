/**
 * Fast tRPC routes: GET routes registered beside `fastifyTRPCPlugin` (same prefix, same
 * options) that answer queries (httpLink, httpBatchLink) and subscriptions
 * (httpSubscriptionLink, SSE) without the official adapter's web Request/Response round trip.
 *
 * The rule: every answer is byte for byte, status and tRPC headers included, what the official
 * adapter answers to the same request (the differential tests in apps/server/test/fast-*.test.ts
 * compare both over one tracker). Whatever is not reproduced exactly (streamed batches,
 * connection params, `responseMeta`, custom path separators, lazy routers, unusual SSE options,
 * undecodable input) is handed to the official handler unchanged; mutations, POST and HEAD never
 * reach these routes.
 *
 * What a procedure allows beyond that is declared beside it in `meta.fast` (FastPathMeta in
 * @noticias/api) and read from the router here: `immutableOutput` (its JSON cached per result
 * object), `direct` (a query's success answered from its parser and resolver; only with the
 * middlewares given as failure-only), `share` (subscribers of one key share one stream) and
 * `latestPer` (what a subscriber that falls behind keeps). A declaration its procedure
 * contradicts stops registration with an error.
 */
export { registerFastTrpcRoutes, type FastTrpcRoutesOptions } from './register-fast-trpc-routes.ts';
