import { Redis } from 'ioredis';
import { scriptRunner } from './internal/scripts-runner.ts';

// Values one process writes and any other reads (a finished job's full result tree): a string
// key per id, which expires with the data it belongs to, and an index by write time with each
// value's size, which keeps the latest `maxKept` within `maxBytes`: Redis (noeviction) holds a
// bounded amount whatever the traffic and however large the articles.

export interface RedisBlobStore {
  /** False when the value alone is larger than `maxBytes` (it is not kept). */
  put(id: string, value: string): Promise<boolean>;
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
  /** Bytes kept over all values (UTF-8). */
  maxBytes: number;
  commandTimeoutMs?: number;
}

/**
 * ARGV: values' key base, index key, sizes key, id, value, ttlMs, maxKept, maxBytes, now (ms).
 * The index orders ids by write time; the sizes hash holds each one's size in bytes and, under
 * '#', their total. Returns 'ok', or 'too-large' when the value alone passes maxBytes.
 */
const PUT = `
local base, index, sizes, id, value = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local ttl, maxKept, maxBytes, now = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if #value > maxBytes then return 'too-large' end
local function drop(old)
  redis.call('DEL', base .. old)
  redis.call('ZREM', index, old)
  local size = redis.call('HGET', sizes, old)
  if size then
    redis.call('HINCRBY', sizes, '#', -tonumber(size))
    redis.call('HDEL', sizes, old)
  end
end
drop(id)
for _, old in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', now - ttl)) do drop(old) end
redis.call('SET', base .. id, value, 'PX', ttl)
redis.call('ZADD', index, now, id)
redis.call('HSET', sizes, id, #value)
redis.call('HINCRBY', sizes, '#', #value)
while redis.call('ZCARD', index) > maxKept or tonumber(redis.call('HGET', sizes, '#')) > maxBytes do
  -- The oldest other than this value (written in the same millisecond, it may sort first).
  local oldest = redis.call('ZRANGE', index, 0, 1)
  local victim = oldest[1] == id and oldest[2] or oldest[1]
  if not victim then break end
  drop(victim)
end
return 'ok'
`;

export async function createRedisBlobStore(options: RedisBlobStoreOptions): Promise<RedisBlobStore> {
  const { prefix, name, ttlMs, maxKept, maxBytes } = options;
  if (!(ttlMs > 0)) throw new RangeError('ttlMs must be > 0');
  if (!Number.isInteger(maxKept) || maxKept < 1) throw new RangeError('maxKept must be an integer >= 1');
  if (!(maxBytes > 0)) throw new RangeError('maxBytes must be > 0');
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
  const sizes = `${prefix}:${name}-sizes`;
  const put = scriptRunner(redis, PUT);
  return {
    async put(id, value) {
      return (await put([base, index, sizes, id, value, Math.ceil(ttlMs), maxKept, maxBytes, Date.now()])) === 'ok';
    },
    get: (id) => redis.get(base + id),
    async close() {
      redis.disconnect();
    },
  };
}
