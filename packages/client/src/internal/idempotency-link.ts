import type { AppRouter } from '@noticias/api';
import { retryLink, type TRPCClientError, type TRPCLink } from '@trpc/client';

const SUBMISSIONS = new Set(['processArticle', 'processFragment']);

function hasKey(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as { idempotencyKey?: unknown }).idempotencyKey === 'string'
  );
}

/** A fresh key per logical submission: 128 random bits, hex. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `sdk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Gives every submission without an `idempotencyKey` a new one, before any retry: the retries
 * below re-send the same operation, hence the same key, so the server answers them with the
 * first job instead of creating another.
 */
export function idempotencyKeyLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      const keyed =
        op.type === 'mutation' &&
        SUBMISSIONS.has(op.path) &&
        !hasKey(op.input) &&
        typeof op.input === 'object' &&
        op.input !== null;
      return next(keyed ? { ...op, input: { ...(op.input as object), idempotencyKey: newIdempotencyKey() } } : op);
    };
}

/**
 * Retries a keyed submission whose answer never arrived (connection refused, reset, timed out:
 * the error carries no response data), `retries` times; nothing else is retried.
 */
export function submissionRetryLink(
  retries: number,
  delayMs = (attempt: number) => 200 * attempt,
): TRPCLink<AppRouter> {
  return retryLink<AppRouter>({
    retry: ({ op, error, attempts }) =>
      attempts <= retries &&
      op.type === 'mutation' &&
      SUBMISSIONS.has(op.path) &&
      hasKey(op.input) &&
      isLostAnswer(error),
    retryDelayMs: delayMs,
  });
}

function isLostAnswer(error: TRPCClientError<AppRouter>): boolean {
  return error.data === undefined && error.shape === undefined && !(error.cause?.name === 'AbortError');
}
