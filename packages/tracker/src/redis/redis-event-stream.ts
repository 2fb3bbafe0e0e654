import type { Redis } from 'ioredis';
import type { JobRecord } from '../job-store.ts';
import { decodeRecord } from './internal/record-codec.ts';

export interface RedisEventStreamOptions {
  /** A connection of its own: XREAD BLOCK holds it. Closed by `close()`. */
  redis: Redis;
  key: string;
  onRecord(record: JobRecord): void;
  onRemoved(ids: readonly string[]): void;
  /** False while the reader may be missing entries (disconnected), true once it reads again. */
  onLive(live: boolean): void;
  onError?(error: unknown): void;
  /** How long one XREAD blocks (default 5 s); also how soon `close()` is noticed at worst. */
  blockMs?: number;
}

export interface RedisEventStream {
  /** Resolves once the reader is positioned at the stream's end: later entries are all read. */
  start(): Promise<void>;
  close(): Promise<void>;
}

type XReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

/**
 * The one reader of the event stream in a process: every version any process writes and every
 * removal, in commit order, handed to the store's cache and the local fan-out. Its position is
 * the last entry id it read, so after a disconnection it resumes where it stopped (the stream
 * keeps about `streamMaxLen` entries).
 */
export function createRedisEventStream(options: RedisEventStreamOptions): RedisEventStream {
  const { redis, key } = options;
  const blockMs = options.blockMs ?? 5_000;
  let lastId = '0-0';
  let closed = false;
  let loop: Promise<void> | undefined;

  redis.on('close', () => options.onLive(false));

  function handle(fields: string[]): void {
    let type: string | undefined;
    let data: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === 't') type = fields[i + 1];
      else if (fields[i] === 'd') data = fields[i + 1];
    }
    if (data === undefined) return;
    if (type === 'u') options.onRecord(decodeRecord(data));
    else if (type === 'r') options.onRemoved(data.split(','));
  }

  async function read(): Promise<void> {
    while (!closed) {
      try {
        const reply: XReadReply = await redis.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', key, lastId);
        options.onLive(true);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            try {
              handle(fields);
            } catch (error) {
              options.onError?.(error);
            }
          }
        }
      } catch (error) {
        if (closed) return;
        options.onLive(false);
        options.onError?.(error);
        // ioredis reconnects by itself; wait a little rather than spin on a dead connection.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  return {
    async start() {
      const last = (await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
      lastId = last[0]?.[0] ?? '0-0';
      options.onLive(true);
      loop = read();
    },
    async close() {
      closed = true;
      redis.disconnect();
      // The pending XREAD normally fails at once; right after a reconnection ioredis can keep it
      // queued for a long time, and nothing depends on the loop's last turn.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      clearTimeout(timer);
    },
  };
}
