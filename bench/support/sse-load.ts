// A load client in its own process: holds many SSE connections and measures, for every event
// after `mark`, the delay from the snapshot's `updated_at` (set by the tracker when the update
// happened) to its arrival here. Same machine, same clock.
import http from 'node:http';

interface Conn {
  req: http.ClientRequest;
  buffer: string;
  sawData: boolean;
}

const conns: Conn[] = [];
let marked = false;
let received = 0;
let errors = 0;
let latencies: number[] = [];
const UPDATED_AT = /"updated_at":"([^"]+)"/;

function onFrame(conn: Conn, frame: string): void {
  const dataLine = frame.split('\n').find((line) => line.startsWith('data:'));
  if (!dataLine || frame.includes('event: connected') || frame.includes('event: ping')) return;
  if (!conn.sawData) {
    conn.sawData = true;
    connectedWithData++;
    if (connectedWithData === conns.length) onAllReady?.();
    return;
  }
  if (!marked) return;
  received++;
  const at = UPDATED_AT.exec(dataLine)?.[1];
  if (at) latencies.push(Date.now() - Date.parse(at));
}

let connectedWithData = 0;
let onAllReady: (() => void) | undefined;

function open(url: string): Conn {
  const conn: Conn = { buffer: '', sawData: false, req: undefined as unknown as http.ClientRequest };
  conn.req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      conn.buffer += chunk;
      let end = conn.buffer.indexOf('\n\n');
      while (end !== -1) {
        onFrame(conn, conn.buffer.slice(0, end));
        conn.buffer = conn.buffer.slice(end + 2);
        end = conn.buffer.indexOf('\n\n');
      }
    });
    res.on('error', () => errors++);
  });
  conn.req.on('error', () => errors++);
  return conn;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function connectAll(urls: string[]): Promise<void> {
  const ready = new Promise<void>((resolve) => {
    onAllReady = resolve;
  });
  // Open in waves so the server's accept queue is not flooded.
  for (let i = 0; i < urls.length; i += 500) {
    for (const url of urls.slice(i, i + 500)) conns.push(open(url));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (connectedWithData === conns.length) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${connectedWithData}/${conns.length} subscriptions got their first event in 60 s (errors: ${errors})`)),
      60_000,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

process.on('message', (message: { id: number; command: { cmd: string; urls?: string[] } }) => {
  const { id, command } = message;
  const reply = (r: Record<string, unknown>) => process.send?.({ id, reply: { ok: true, ...r } });
  switch (command.cmd) {
    case 'connect':
      connectAll(command.urls ?? []).then(
        () => reply({ connections: conns.length }),
        (e: unknown) => process.send?.({ id, reply: { ok: false, error: String(e) } }),
      );
      break;
    case 'mark':
      marked = true;
      received = 0;
      latencies = [];
      reply({});
      break;
    case 'report': {
      const sorted = latencies.slice().sort((a, b) => a - b);
      reply({ received, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null });
      break;
    }
    case 'stop':
    case 'close':
      for (const conn of conns) conn.req.destroy();
      reply({});
      if (command.cmd === 'stop') setImmediate(() => process.exit(0));
      break;
    default:
      process.send?.({ id, reply: { ok: false, error: 'unknown command' } });
  }
});
process.send?.({ ready: true });
