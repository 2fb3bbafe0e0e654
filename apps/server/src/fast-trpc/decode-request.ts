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

function wantsJsonl(request: FastifyRequest): boolean {
  const trpcAccept = request.headers['trpc-accept'];
  if (trpcAccept !== undefined) return trpcAccept === 'application/jsonl' || Array.isArray(trpcAccept);
  const accept = request.headers.accept;
  return accept !== undefined && accept.split(',').some((type) => type.trim() === 'application/jsonl');
}

function lastEventIdOf(request: FastifyRequest, search: URLSearchParams): string | null | undefined {
  const header = request.headers['last-event-id'];
  if (Array.isArray(header)) return undefined;
  return header ?? search.get('lastEventId') ?? search.get('Last-Event-Id');
}

/**
 * Decodes a GET whose `:path` is made of fast-path procedures into calls, or returns
 * `undefined` for anything the official adapter should answer: streamed batches (`trpc-accept:
 * application/jsonl`), batches over `maxBatchSize`, subscriptions in a batch, mixed types,
 * unparsable or undeserializable input, connection params, other content types.
 */
export function decodeRequest(request: FastifyRequest, path: string, view: RouterView, limits: DecodeLimits): DecodedRequest | undefined {
  if (request.method !== 'GET' || wantsJsonl(request)) return undefined;
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') return undefined;

  const url = request.raw.url ?? '';
  const queryAt = url.indexOf('?');
  const search = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  if (search.has('connectionParams')) return undefined;
  const isBatch = search.get('batch') === '1';
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

  const parsed = parseInputs(search.get('input'));
  if (!parsed.ok) return undefined;
  const deserialize = (value: unknown) => view.config.transformer.input.deserialize(value) as unknown;
  const calls: DecodedCall[] = [];
  try {
    if (!isBatch) {
      calls.push({ path: paths[0]!, procedure: procedures[0]!, input: parsed.value === undefined ? undefined : deserialize(parsed.value), batchIndex: 0 });
    } else {
      if (parsed.value !== undefined && !isObject(parsed.value)) return undefined;
      const inputs = parsed.value;
      for (const [index, p] of paths.entries()) {
        const raw = inputs?.[index];
        calls.push({ path: p, procedure: procedures[index]!, input: raw === undefined ? undefined : deserialize(raw), batchIndex: index });
      }
    }
  } catch {
    return undefined;
  }

  if (type !== 'subscription') return { kind: 'query', isBatch, calls };

  const call = calls[0]!;
  const lastEventId = lastEventIdOf(request, search);
  if (lastEventId === undefined) return undefined;
  let procedureInput = call.input;
  if (lastEventId) {
    if (isObject(procedureInput)) procedureInput = { ...procedureInput, lastEventId };
    else procedureInput ??= { lastEventId };
  }
  return { kind: 'subscription', call, procedureInput, lastEventId };
}
