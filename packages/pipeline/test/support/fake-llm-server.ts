import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export type Phase = 'triaje' | 'extraccion' | 'citas_datos' | 'normalizacion';

export interface ChatRequest {
  phase: Phase;
  /** performance.now() when the request arrived. */
  at: number;
  body: { model: string; messages: { role: string; content: string }[]; response_format?: { type: string } };
  authorization: string | undefined;
  /** Resolves when the client drops the connection without an answer. */
  closed: Promise<void>;
}

/** What the fake answers: a chat completion with `content`, an error status, or nothing at all. */
export type Reply =
  { content: string } | { status: number; headers?: Record<string, string>; body?: unknown } | { hang: true };

export interface FakeLlmServer {
  baseURL: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

function phaseOf(prompt: string): Phase {
  if (prompt.startsWith('Evalúa la relevancia')) return 'triaje';
  if (prompt.startsWith('Extrae los hechos')) return 'extraccion';
  if (prompt.startsWith('Extrae las citas')) return 'citas_datos';
  return 'normalizacion';
}

/**
 * A real HTTP server on 127.0.0.1 speaking the chat-completions protocol, for the LLM extractor's
 * tests. `reply` decides each answer from the phase (read from our own prompt) and the number of
 * requests already seen for that phase.
 */
export async function startFakeLlmServer(reply: (phase: Phase, attempt: number) => Reply): Promise<FakeLlmServer> {
  const requests: ChatRequest[] = [];
  const attempts = new Map<Phase, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
      const phase = phaseOf(body.messages.at(-1)?.content ?? '');
      const attempt = attempts.get(phase) ?? 0;
      attempts.set(phase, attempt + 1);
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      requests.push({ phase, at, body, authorization: req.headers.authorization, closed });
      const answer = reply(phase, attempt);
      if ('hang' in answer) return;
      if ('content' in answer) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 0,
            model: body.model,
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer.content } }],
          }),
        );
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { error: { message: `status ${answer.status}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
