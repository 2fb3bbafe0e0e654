// A load client in its own process: holds many SSE connections and measures, for every event
// after `mark`, the delay from the snapshot's `updated_at` (set by the tracker when the update
// happened) to its arrival here. Same machine, same clock.
import http from 'node:http';

interface Conn {
  req: http.ClientRequest;
  buffer: string;
  sawData: boolean;
  refused: boolean;
}

const conns: Conn[] = [];
let marked = false;
let received = 0;
let errors = 0;
let latencies: number[] = [];
/** When, after `mark`, each latency was measured (ms), to tell a warm-up tail from a steady one. */
let arrivals: number[] = [];
let markedAt = 0;
const UPDATED_AT = /"updated_at":"([^"]+)"/;

function onFrame(conn: Conn, frame: string): void {
  const lines = frame.split('\n');
  const dataLine = lines.find((line) => line.startsWith('data:'));
  // Only data events: tRPC's connected, ping, return and error frames all carry an `event:` line
  // (REST live status names its data events `status`).
  if (!dataLine || lines.some((line) => line.startsWith('event:') && line !== 'event: status')) return;
  if (!conn.sawData) {
    conn.sawData = true;
    connectedWithData++;
    settle();
    return;
  }
  if (!marked) return;
  received++;
  const at = UPDATED_AT.exec(dataLine)?.[1];
  if (at) {
    const now = Date.now();
    latencies.push(now - Date.parse(at));
    arrivals.push(now - markedAt);
  }
}

let connectedWithData = 0;
let allOpened = false;
let onAllReady: (() => void) | undefined;
/** Subscriptions that never got a first event: a status other than 200 or a socket error, by reason. */
const refused = new Map<string, number>();
let refusedCount = 0;

function settle(): void {
  if (allOpened && connectedWithData + refusedCount === conns.length) onAllReady?.();
}

function refuse(conn: Conn, reason: string): void {
  if (conn.sawData || conn.refused) return;
  conn.refused = true;
  refusedCount++;
  refused.set(reason, (refused.get(reason) ?? 0) + 1);
  settle();
}

function open(url: string): Conn {
  const conn: Conn = { buffer: '', sawData: false, refused: false, req: undefined as unknown as http.ClientRequest };
  conn.req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      errors++;
      refuse(conn, `status ${res.statusCode}`);
      res.resume();
      return;
    }
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
    res.on('error', (error) => {
      errors++;
      refuse(conn, error.message);
    });
  });
  conn.req.on('error', (error) => {
    errors++;
    refuse(conn, error.message);
  });
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
  allOpened = true;
  settle();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `only ${connectedWithData}/${conns.length} subscriptions got their first event in 60 s (errors: ${errors})`,
          ),
        ),
      60_000,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
  if (refusedCount > 0) {
    const reasons = [...refused].map(([reason, count]) => `${count} x ${reason}`).join(', ');
    throw new Error(`${refusedCount} of ${conns.length} subscriptions failed before their first event: ${reasons}`);
  }
}

process.on('message', (message: { id: number; command: { cmd: string; urls?: string[] } }) => {
  const { id, command } = message;
  const reply = (r: Record<string, unknown>) => process.send?.({ id, reply: { ok: true, ...r } });
  switch (command.cmd) {
    case 'connect':
      connectAll(command.urls ?? []).then(
        () => reply({ connections: conns.length }),
        (e: unknown) => process.send?.({ id, reply: { ok: false, error: e instanceof Error ? e.message : String(e) } }),
      );
      break;
    case 'mark':
      marked = true;
      markedAt = Date.now();
      received = 0;
      latencies = [];
      arrivals = [];
      reply({});
      break;
    case 'report': {
      const sorted = latencies.slice().sort((a, b) => a - b);
      // The p99 of each second of the run: shows whether the tail is a warm-up or spread out.
      const perSecond: number[][] = [];
      latencies.forEach((latency, i) => (perSecond[Math.floor(arrivals[i]! / 1000)] ??= []).push(latency));
      const p99BySecond = perSecond.map((list) =>
        percentile(
          list.sort((a, b) => a - b),
          99,
        ),
      );
      reply({
        received,
        errors,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? null,
        p99BySecond,
      });
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
