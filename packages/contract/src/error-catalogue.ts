import catalogue from './error-catalogue.json' with { type: 'json' };

// Every error a caller can see, in one place: the code, the REST envelope's `error` kind, the HTTP
// status, the tRPC code, the public message and whether a `Retry-After` comes with it; and the
// `error.tipo` values a failed job records, with their messages. The data is JSON so that the
// built client (plain JavaScript, no TypeScript loader) can import it too; docs/errors.md shows
// it as tables, and a test keeps the two in step.

/** The `error` field of REST error bodies. */
export const ERROR_KINDS = [
  'validation_error',
  'http_error',
  'service_unavailable',
  'internal_error',
  'conflict',
  'idempotency_conflict',
  'unauthorized',
  'forbidden',
  'rate_limited',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The tRPC error codes the catalogue uses (a subset of tRPC's, named without depending on it). */
export const TRPC_ERROR_NAMES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;
export type TrpcErrorName = (typeof TRPC_ERROR_NAMES)[number];

/** `0.2` entries belong to the v0.2 additions (cancel, idempotency, access) as they land. */
export type CatalogueVersion = '0.1' | '0.2';

export interface CatalogueMessage {
  /** Spanish, safe to show; `{name}` marks a parameter. */
  message: string;
  /** Other wordings of the same error, by situation. */
  variants?: Readonly<Record<string, string>>;
  since: CatalogueVersion;
}

export interface ErrorCatalogueEntry extends CatalogueMessage {
  kind: ErrorKind;
  httpStatus: number;
  trpcCode: TrpcErrorName;
  /** Sent with a `Retry-After` header (REST) and `retryAfterSeconds` (tRPC `data`). */
  retryAfter: boolean;
}

export type ErrorCode = keyof typeof catalogue.errors;
/** The `error.tipo` of a failed job. */
export type JobFailureType = keyof typeof catalogue.jobFailures;

// JSON widens strings; the catalogue test checks every value against the lists above.
export const ERROR_CATALOGUE = catalogue.errors as Readonly<Record<ErrorCode, Readonly<ErrorCatalogueEntry>>>;
export const JOB_FAILURE_CATALOGUE = catalogue.jobFailures as Readonly<
  Record<JobFailureType, Readonly<CatalogueMessage>>
>;

export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; a placeholder without a value is left as it is. */
export function fillMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function pick(entry: CatalogueMessage, variant: string | undefined): string {
  if (variant === undefined) return entry.message;
  const text = entry.variants?.[variant];
  if (text === undefined) throw new Error(`El catálogo de errores no tiene la variante '${variant}'`);
  return text;
}

/** The public message of an error code, in the given variant, with its parameters filled in. */
export function errorMessage(code: ErrorCode, params?: MessageParams, variant?: string): string {
  return fillMessage(pick(ERROR_CATALOGUE[code], variant), params);
}

/** The message a failed job records for `tipo`. */
export function jobFailureMessage(tipo: JobFailureType, params?: MessageParams, variant?: string): string {
  return fillMessage(pick(JOB_FAILURE_CATALOGUE[tipo], variant), params);
}
