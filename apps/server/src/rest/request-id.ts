import type { IncomingMessage } from 'node:http';

// A caller's id is echoed only when it is short and plain: it goes into headers and log lines.
const CALLER_ID = /^[\w.:@/+=-]{1,128}$/;

export interface RequestIds {
  /** Fastify's `genReqId`: the caller's `X-Request-ID` when usable, else a new id. */
  forRequest: (req: IncomingMessage) => string;
  /**
   * Error bodies carry their own `request_id`: the request's id when we generated it (so the body
   * and the header agree), a fresh one when the header echoes the caller's.
   */
  forErrorBody: (req: { id: string; headers: IncomingMessage['headers'] }) => string;
}

/**
 * `newId` makes the ids (`req_` + hex, as the job ids): the tracker's generator, which draws
 * random bytes in batches, because a `randomBytes` call per request is a measurable share of the
 * event loop's time under load (docs/performance.md).
 */
export function createRequestIds(newId: () => string): RequestIds {
  return {
    forRequest(req) {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && CALLER_ID.test(header) ? header : newId();
    },
    forErrorBody(req) {
      return req.headers['x-request-id'] === req.id ? newId() : req.id;
    },
  };
}
