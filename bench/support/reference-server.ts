// A plain Fastify route in a process of its own that never processes an article: polled beside
// our /status while articles are processed by the server under test, it shows what the load does
// to a poller's latency on this machine by itself (CPU shared with the pipeline's workers, the
// load generator and the probe), whatever the server under test does on its own event loop.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

let body = '{}';
const app = Fastify({ logger: false });
app.get('/status', (_request, reply) => {
  void reply.header('content-type', 'application/json; charset=utf-8');
  return reply.send(body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;

type Command = { cmd: 'setBody'; body: string } | { cmd: 'stop' };

process.on('message', (message: { id: number; command: Command }) => {
  const { id, command } = message;
  if (command.cmd === 'setBody') {
    body = command.body;
    process.send?.({ id, reply: { ok: true } });
    return;
  }
  void app.close().then(() => {
    process.send?.({ id, reply: { ok: true } });
    setImmediate(() => process.exit(0));
  });
});
process.send?.({ ready: true, port });
