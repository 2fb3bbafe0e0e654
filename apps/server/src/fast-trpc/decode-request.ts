import type { AnyProcedure } from '@trpc/server';
import { isObject } from '@trpc/server/unstable-core-do-not-import';
import type { FastifyRequest } from 'fastify';
import type { RouterView } from './router-view.ts';

export interface DecodedCall {
  path: string;
  procedure: AnyProcedure;
  /** The deserialized input as the client sent it (what tRPC reports to `onError`). */
  input: unknown;
  batchIndex: number;
}

export type DecodedRequest =
  | { kind: 'query'; isBatch: boolean; calls: DecodedCall[] }
  | {
      kind: 'subscription';
      call: DecodedCall;
      /** The input the procedure sees: `lastEventId` from the reconnecting EventSource merged in. */
      procedureInput: unknown;
      lastEventId: string | null;
    };

export interface DecodeLimits {
  maxBatchSize: number | undefined;
  allowBatching: boolean;
}

// What the official adapter would answer with an error, or answer in another format, is not
// decoded here: `undefined` hands the request over to it unchanged.

function parseInputs(raw: string | null): { ok: true; value: unknown } | { ok: false } {
  if (!raw) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function deserialize(view: RouterView, value: unknown): unknown {
  return view.config.transformer.input.deserialize(value) as unknown;
}

function wantsJsonl(request: FastifyRequest): boolean {
  const trpcAccept = request.headers['trpc-accept'];
  if (trpcAccept !== undefined) return trpcAccept === 'application/jsonl' || Array.isArray(trpcAccept);
  const accept = request.headers.accept;
  return accept !== undefined && accept.split(',').some((type) => type.trim() === 'application/jsonl');
}

type Query = Record<string, string | string[] | undefined>;

/**
 * Fastify's parsed query string when it reads as tRPC's `URLSearchParams.get` would: no
 * repeated key (an array here, the first value there), and no `%` left after decoding (either
 * a value that really holds one, or an encoding fast-querystring gave up on where
 * URLSearchParams decodes what it can). Reusing it saves parsing the query twice.
 */
function queryOf(request: FastifyRequest): Query | undefined {
  const query = request.query as Query;
  for (const key in query) {
    const value = query[key];
    if (typeof value !== 'string' || value.includes('%') || key.includes('%')) return undefined;
  }
  return query;
}

function lastEventIdOf(request: FastifyRequest, query: Query): string | null | undefined {
  const header = request.headers['last-event-id'];
  if (Array.isArray(header)) return undefined;
  return header ?? (query.lastEventId as string | undefined) ?? (query['Last-Event-Id'] as string | undefined) ?? null;
}

/**
 * Decodes a GET whose `:path` is made of fast-path procedures into calls, or returns
 * `undefined` for anything the official adapter should answer: streamed batches (`trpc-accept:
 * application/jsonl`), batches over `maxBatchSize`, subscriptions in a batch, mixed types,
 * unparsable or undeserializable input, connection params, other content types.
 */
export function decodeRequest(
  request: FastifyRequest,
  path: string,
  view: RouterView,
  limits: DecodeLimits,
): DecodedRequest | undefined {
  if (request.method !== 'GET' || wantsJsonl(request)) return undefined;
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json')
    return undefined;

  const query = queryOf(request);
  if (!query || query.connectionParams !== undefined) return undefined;
  const isBatch = query.batch === '1';
  if (isBatch && !limits.allowBatching) return undefined;
  const paths = isBatch ? path.split(',') : [path];
  if (isBatch && limits.maxBatchSize !== undefined && paths.length > limits.maxBatchSize) return undefined;

  const procedures: AnyProcedure[] = [];
  for (const p of paths) {
    const procedure = view.procedures.get(p);
    if (!procedure) return undefined;
    procedures.push(procedure);
  }
  const type = procedures[0]!._def.type;
  if (procedures.some((procedure) => procedure._def.type !== type)) return undefined;
  if (type === 'subscription' && isBatch) return undefined;

  const parsed = parseInputs((query.input as string | undefined) ?? null);
  if (!parsed.ok) return undefined;
  const calls: DecodedCall[] = [];
  try {
    if (!isBatch) {
      calls.push({
        path: paths[0]!,
        procedure: procedures[0]!,
        input: parsed.value === undefined ? undefined : deserialize(view, parsed.value),
        batchIndex: 0,
      });
    } else {
      if (parsed.value !== undefined && !isObject(parsed.value)) return undefined;
      const inputs = parsed.value;
      for (const [index, p] of paths.entries()) {
        const raw = inputs?.[index];
        calls.push({
          path: p,
          procedure: procedures[index]!,
          input: raw === undefined ? undefined : deserialize(view, raw),
          batchIndex: index,
        });
      }
    }
  } catch {
    return undefined;
  }

  if (type !== 'subscription') return { kind: 'query', isBatch, calls };

  const call = calls[0]!;
  const lastEventId = lastEventIdOf(request, query);
  if (lastEventId === undefined) return undefined;
  let procedureInput = call.input;
  if (lastEventId) {
    if (isObject(procedureInput)) procedureInput = { ...procedureInput, lastEventId };
    else procedureInput ??= { lastEventId };
  }
  return { kind: 'subscription', call, procedureInput, lastEventId };
}
