import { TRPCClientError } from '@trpc/client';

export interface ApiErrorView {
  message: string;
  /** The server's `detalles`: one line per problem, e.g. "Campo 'titular' es requerido". */
  detalles: string[];
  code: string | undefined;
}

/** What a failed call says, from the error data the server's formatter fills (packages/api trpc-errors). */
export function describeApiError(error: unknown): ApiErrorView {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { detalles?: unknown; code?: unknown };
    const detalles = Array.isArray(data.detalles)
      ? data.detalles.filter((d): d is string => typeof d === 'string')
      : [];
    return { message: error.message, detalles, code: typeof data.code === 'string' ? data.code : undefined };
  }
  return { message: error instanceof Error ? error.message : String(error), detalles: [], code: undefined };
}

/** The field a `detalles` line names ("Campo 'medio' es requerido" -> "medio"), if any. */
export function fieldOf(detalle: string): string | undefined {
  return /^Campo '([^']+)'/.exec(detalle)?.[1]?.split('.').at(-1);
}
