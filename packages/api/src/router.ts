import { jobsRouter } from './routers/jobs-router.ts';
import { submitRouter } from './routers/submit-router.ts';
import { subscriptionsRouter } from './routers/subscriptions-router.ts';
import { mergeRouters } from './trpc.ts';

// Sub-routers are merged flat: callers see `processArticle`, `getStatus`, `onStatus`, ... at the top level.
export const appRouter = mergeRouters(submitRouter, jobsRouter, subscriptionsRouter);

export type AppRouter = typeof appRouter;
