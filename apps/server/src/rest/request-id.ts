import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** `req_` + 32 hex characters from a CSPRNG, like the tracker's job ids. */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

// A caller's id is echoed only when it is short and plain: it goes into headers and log lines.
const CALLER_ID = /^[\w.:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `X-Request-ID` when usable, else a new id. */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && CALLER_ID.test(header) ? header : newRequestId();
}

/**
 * Error bodies carry their own `request_id`: the request's id when we generated it (so the body
 * and the header agree), a fresh one when the header echoes the caller's.
 */
export function errorRequestId(req: { id: string; headers: IncomingMessage['headers'] }): string {
  return req.headers['x-request-id'] === req.id ? newRequestId() : req.id;
}
