import type { AppRouter } from '@noticias/api';
import type { JobSnapshot } from '@noticias/contract';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import { idempotencyKeyLink, submissionRetryLink } from './internal/idempotency-link.ts';
import { createJobHelpers } from './internal/job-helpers.ts';

/** The parts of an `EventSource` the SDK uses; the WHATWG class and the `eventsource` package's both fit. */
export interface EventSourceInstance {
  readonly CLOSED: number;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readyState: number;
  addEventListener(type: string, listener: (event: object) => void): void;
  removeEventListener(type: string, listener: (event: object) => void): void;
  close(): void;
}

/** `fetch` is honoured by the `eventsource` package (headers, custom agents); browsers ignore it. */
export type EventSourceConstructor = new (
  url: string,
  init?: { withCredentials?: boolean; fetch?: typeof fetch },
) => EventSourceInstance;

export type HeadersOption = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface CreateClientOptions {
  /** The server's base URL, e.g. `http://localhost:8000` (tRPC is served under `/trpc`). */
  url: string;
  /** Where the server mounts tRPC. Default `/trpc`. */
  trpcPath?: string;
  /** Sent with every call and, where the EventSource allows it (not browsers'), with subscriptions. */
  headers?: HeadersOption;
  /**
   * An API key, sent as `Authorization: Bearer <key>` on every call, subscriptions included
   * (in Node: the `eventsource` package takes a fetch that adds it). A browser's EventSource
   * cannot send headers: give subscriptions a read token with `?access_token=` instead.
   */
  apiKey?: string;
  /** The `fetch` to use for calls and for the `eventsource` package's connections. */
  fetch?: typeof fetch;
  /** Defaults to `globalThis.EventSource`; the Node entry falls back to the `eventsource` package. */
  EventSource?: EventSourceConstructor;
  /** Most calls in one HTTP batch; keep it at or under the server's TRPC_MAX_BATCH_SIZE. Default 10. */
  maxBatchSize?: number;
  /**
   * Times a submission whose answer was lost (no response) is sent again. Every submission
   * carries an `idempotencyKey` (a fresh random one unless given), so a retry of a submission
   * the server did receive answers with the same job. Default 2.
   */
  submitRetries?: number;
}

export interface WatchJobOptions {
  signal?: AbortSignal;
  /** Resume after this event id (a `seq`) instead of starting from the current snapshot. */
  lastEventId?: string;
  /**
   * Give up with `ConnectionLostError` once the live connection has been down this long
   * (including the first connect). Default: keep reconnecting, as an EventSource does.
   */
  giveUpAfterMs?: number;
}

export interface WaitForJobOptions extends WatchJobOptions {
  /** Give up with `WaitTimeoutError` after this long. Default: wait as long as it takes. */
  timeoutMs?: number;
  /** Called with every snapshot on the way (progress, phase changes). */
  onUpdate?: (snapshot: JobSnapshot) => void;
}

type ProcedureInput<P extends 'processArticle' | 'processFragment'> = Parameters<TRPCClient<AppRouter>[P]['mutate']>[0];
/** An article as the server accepts it (the contract's `ArticuloInItem`). */
export type ArticleSubmission = ProcedureInput<'processArticle'>['articulo'];
/** A fragment as the server accepts it (the contract's `FragmentoProcesableItem`). */
export type FragmentSubmission = ProcedureInput<'processFragment'>['fragmento'];

export interface JobHelpers {
  /** The job's snapshots as they change: the current one first, then every change, ending after the final state. */
  watchJob(jobId: string, options?: WatchJobOptions): AsyncGenerator<JobSnapshot, void, undefined>;
  /**
   * Resolves with the `completed` snapshot. Throws `JobFailedError`, `JobNotFoundError`,
   * `WaitTimeoutError`, `ConnectionLostError`, or the signal's reason when aborted.
   */
  waitForJob(jobId: string, options?: WaitForJobOptions): Promise<JobSnapshot>;
  /** Submits in the background and waits as `waitForJob` does; `timeoutMs` covers both. */
  submitArticleAndWait(articulo: ArticleSubmission, options?: WaitForJobOptions): Promise<JobSnapshot>;
  submitFragmentAndWait(fragmento: FragmentSubmission, options?: WaitForJobOptions): Promise<JobSnapshot>;
}

/** Every procedure of the API (`client.getStatus.query(...)`, `client.onStatus.subscribe(...)`) plus the job helpers. */
export type NoticiasClient = TRPCClient<AppRouter> & JobHelpers;

export class ClientConfigError extends Error {
  override readonly name = 'ClientConfigError';
  readonly code = 'CLIENT_CONFIG' as const;
}

const DEFAULT_MAX_BATCH_SIZE = 10;
const DEFAULT_SUBMIT_RETRIES = 2;

function resolveHeaders(
  headers: HeadersOption | undefined,
  apiKey: string | undefined,
): () => Promise<Record<string, string>> {
  const auth: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  return async () => ({ ...(typeof headers === 'function' ? await headers() : headers), ...auth });
}

/**
 * The fetch an `eventsource` EventSource should use: the caller's, with the caller's headers
 * added (EventSource itself has no way to send headers).
 */
function eventSourceFetch(options: CreateClientOptions): typeof fetch | undefined {
  if (!options.headers && !options.fetch && options.apiKey === undefined) return undefined;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const headers = resolveHeaders(options.headers, options.apiKey);
  return async (input, init) => {
    const merged = new Headers(await headers());
    new Headers(init?.headers).forEach((value, key) => merged.set(key, value));
    return baseFetch(input, { ...init, headers: merged });
  };
}

/**
 * The typed client. Subscriptions go over SSE (`httpSubscriptionLink`), everything else over
 * `httpBatchLink`; superjson on both, as the server uses it.
 */
export function createClient(options: CreateClientOptions): NoticiasClient {
  const EventSource = options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  if (!EventSource) {
    throw new ClientConfigError(
      'No EventSource available: pass `EventSource` (e.g. from the `eventsource` package) or import the client from Node, which does it for you',
    );
  }
  const url = `${options.url.replace(/\/+$/, '')}${options.trpcPath ?? '/trpc'}`;
  const headers = resolveHeaders(options.headers, options.apiKey);
  const esFetch = eventSourceFetch(options);

  const trpc = createTRPCClient<AppRouter>({
    links: [
      idempotencyKeyLink(),
      submissionRetryLink(options.submitRetries ?? DEFAULT_SUBMIT_RETRIES),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource,
          eventSourceOptions: esFetch ? { fetch: esFetch } : {},
        }),
        false: httpBatchLink({
          url,
          transformer: superjson,
          headers,
          maxItems: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      }),
    ],
  });

  const helpers = createJobHelpers(trpc);
  // The tRPC client is a proxy that turns any property into a procedure path; the helpers are
  // looked up first so both live on one object.
  return new Proxy(trpc, {
    get: (target, key, receiver): unknown =>
      Object.hasOwn(helpers, key)
        ? (Reflect.get(helpers, key) as unknown)
        : (Reflect.get(target, key, receiver) as unknown),
  }) as NoticiasClient;
}
