import { Redis } from 'ioredis';
import { scriptRunner } from './internal/scripts-runner.ts';

// Values one process writes and any other reads (a finished job's full result tree): a string
// key per id, which expires with the data it belongs to, and an index by write time that keeps
// the latest `maxKept`, so that Redis holds a bounded number whatever the traffic.

export interface RedisBlobStore {
  put(id: string, value: string): Promise<void>;
  /** The value, or null once it expired or was pushed out by newer ones. */
  get(id: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface RedisBlobStoreOptions {
  url: string;
  /** The deployment's key prefix; values go under `<prefix>:<name>:`. */
  prefix: string;
  name: string;
  ttlMs: number;
  maxKept: number;
  commandTimeoutMs?: number;
}

/** ARGV: values' key base, index key, id, value, ttlMs, maxKept, now (ms). */
const PUT = `
local base, index, id = ARGV[1], ARGV[2], ARGV[3]
redis.call('SET', base .. id, ARGV[4], 'PX', ARGV[5])
redis.call('ZADD', index, ARGV[7], id)
redis.call('ZREMRANGEBYSCORE', index, '-inf', tonumber(ARGV[7]) - tonumber(ARGV[5]))
local over = redis.call('ZCARD', index) - tonumber(ARGV[6])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', index, over)
  for i = 1, #oldest, 2 do redis.call('DEL', base .. oldest[i]) end
end
return 'ok'
`;

export async function createRedisBlobStore(options: RedisBlobStoreOptions): Promise<RedisBlobStore> {
  const { prefix, name, ttlMs } = options;
  if (!(ttlMs > 0)) throw new RangeError('ttlMs must be > 0');
  if (!Number.isInteger(options.maxKept) || options.maxKept < 1)
    throw new RangeError('maxKept must be an integer >= 1');
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectionName: `${prefix}:${name}`,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
  });
  // Reconnection attempts while Redis is down; the calls that fail meanwhile say so.
  redis.on('error', () => undefined);
  await redis.connect();
  const base = `${prefix}:${name}:`;
  const index = `${prefix}:${name}-order`;
  const put = scriptRunner(redis, PUT);
  return {
    async put(id, value) {
      await put([base, index, id, value, Math.ceil(ttlMs), options.maxKept, Date.now()]);
    },
    get: (id) => redis.get(base + id),
    async close() {
      redis.disconnect();
    },
  };
}
