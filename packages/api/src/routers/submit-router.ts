import { ArticleInputSchema, FragmentInputSchema } from '@noticias/contract';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';

/**
 * `auto` (default): wait for the result unless the content is longer than
 * ASYNC_PROCESSING_THRESHOLD (the REST rule); `wait` / `async` force either.
 */
const SubmitModeSchema = z.enum(['auto', 'wait', 'async']).optional();

export const submitRouter = router({
  /** `{ articulo, mode? }` -> `{ mode: 'wait', job, result: ArticleResult } | { mode: 'async', job }`. */
  processArticle: publicProcedure
    .input(z.object({ articulo: ArticleInputSchema, mode: SubmitModeSchema }))
    .mutation(({ ctx, input }) => ctx.jobs.submitArticle(input.articulo, { mode: input.mode, caller: ctx.caller })),
  /** `{ fragmento, mode? }` -> `{ mode: 'wait', job, result: FragmentResult } | { mode: 'async', job }`. */
  processFragment: publicProcedure
    .input(z.object({ fragmento: FragmentInputSchema, mode: SubmitModeSchema }))
    .mutation(({ ctx, input }) => ctx.jobs.submitFragment(input.fragmento, { mode: input.mode, caller: ctx.caller })),
});
