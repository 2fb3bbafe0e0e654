import { ArticleInputSchema, FragmentInputSchema } from '@noticias/contract';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from '../services/idempotency-key.ts';
import { publicProcedure, router } from '../trpc.ts';

/**
 * `auto` (default): wait for the result unless the content is longer than
 * ASYNC_PROCESSING_THRESHOLD (the REST rule); `wait` / `async` force either.
 */
const SubmitModeSchema = z.enum(['auto', 'wait', 'async']).optional();

/**
 * As REST's `Idempotency-Key`: a retry with the same key and input answers what the first call
 * answered (its output then has `replayed: true`), a different input is UNPROCESSABLE_CONTENT.
 */
const IdempotencyKeySchema = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, '1 a 255 caracteres ASCII imprimibles')
  .optional();

export const submitRouter = router({
  /** `{ articulo, mode?, idempotencyKey? }` -> `{ mode: 'wait', job, result: ArticleResult } | { mode: 'async', job }`, plus `replayed: true` on a replay. */
  processArticle: publicProcedure
    .input(z.object({ articulo: ArticleInputSchema, mode: SubmitModeSchema, idempotencyKey: IdempotencyKeySchema }))
    .mutation(({ ctx, input }) =>
      ctx.jobs.submitArticle(input.articulo, {
        mode: input.mode,
        idempotencyKey: input.idempotencyKey,
        caller: ctx.caller,
      }),
    ),
  /** `{ fragmento, mode?, idempotencyKey? }` -> `{ mode: 'wait', job, result: FragmentResult } | { mode: 'async', job }`, plus `replayed: true` on a replay. */
  processFragment: publicProcedure
    .input(z.object({ fragmento: FragmentInputSchema, mode: SubmitModeSchema, idempotencyKey: IdempotencyKeySchema }))
    .mutation(({ ctx, input }) =>
      ctx.jobs.submitFragment(input.fragmento, {
        mode: input.mode,
        idempotencyKey: input.idempotencyKey,
        caller: ctx.caller,
      }),
    ),
});
