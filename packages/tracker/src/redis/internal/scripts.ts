// Lua run inside Redis so that each store write (the job, its indexes, its history and its event
// on the stream) commits at once, whichever process makes it. Keys all start with the store's
// prefix (ARGV[1]); the store never runs on a cluster, so they are built here, not passed as KEYS.
//
// Per job: hash `<p>:job:<id>` (r: record JSON, s: seq, st: status, o: creation ordinal,
// c: created at, ow: the owner's tag, '' for none) and list `<p>:hist:<id>` (versions for replay). Indexes: sorted sets `created`
// and `status:<status>` by ordinal, `processing` by start time, `finished` and `histtrim` by finish
// time; per owner, `own:<tag>:created` and `own:<tag>:status:<status>` by ordinal (a client's
// list and counts cost its own jobs). Events: the stream `<p>:events`, entries `t u d <record JSON>` (a new version) and
// `t r d <id,id,...>` (jobs removed).

const REMOVE_JOB = `
local function removeJob(p, id)
  local jobKey = p .. ':job:' .. id
  local current = redis.call('HMGET', jobKey, 'st', 'ow')
  local st, ow = current[1], current[2]
  redis.call('DEL', jobKey, p .. ':hist:' .. id)
  redis.call('ZREM', p .. ':created', id)
  if st then redis.call('ZREM', p .. ':status:' .. st, id) end
  if st and ow and ow ~= '' then
    redis.call('ZREM', p .. ':own:' .. ow .. ':created', id)
    redis.call('ZREM', p .. ':own:' .. ow .. ':status:' .. st, id)
  end
  redis.call('ZREM', p .. ':finished', id)
  redis.call('ZREM', p .. ':processing', id)
  redis.call('ZREM', p .. ':histtrim', id)
end
`;

/** ARGV: prefix, id, record JSON without its opening brace, maxStored, streamMaxLen, createdAt, owner tag. */
export const INSERT = `${REMOVE_JOB}
local p, id = ARGV[1], ARGV[2]
local jobKey = p .. ':job:' .. id
if redis.call('EXISTS', jobKey) == 1 then return {'taken'} end
local evicted = ''
while redis.call('ZCARD', p .. ':created') >= tonumber(ARGV[4]) do
  local oldest = redis.call('ZRANGE', p .. ':finished', 0, 0)
  if #oldest == 0 then return {'full', redis.call('ZCARD', p .. ':created')} end
  removeJob(p, oldest[1])
  redis.call('XADD', p .. ':events', 'MAXLEN', '~', ARGV[5], '*', 't', 'r', 'd', oldest[1])
  evicted = oldest[1]
end
local order = redis.call('INCR', p .. ':order')
local record = '{"order":' .. order .. ',' .. ARGV[3]
local ow = ARGV[7]
redis.call('HSET', jobKey, 'r', record, 's', '1', 'st', 'pending', 'o', order, 'c', ARGV[6], 'ow', ow)
redis.call('ZADD', p .. ':created', order, id)
redis.call('ZADD', p .. ':status:pending', order, id)
if ow ~= '' then
  redis.call('ZADD', p .. ':own:' .. ow .. ':created', order, id)
  redis.call('ZADD', p .. ':own:' .. ow .. ':status:pending', order, id)
end
redis.call('RPUSH', p .. ':hist:' .. id, record)
redis.call('XADD', p .. ':events', 'MAXLEN', '~', ARGV[5], '*', 't', 'u', 'd', record)
return {'ok', record, evicted}
`;

/**
 * ARGV: prefix, id, expected seq, record JSON, new seq, new status, startedAt, finishedAt,
 * maxHistory, streamMaxLen. Writes only if the stored seq is still the expected one.
 */
export const UPDATE = `
local p, id = ARGV[1], ARGV[2]
local jobKey = p .. ':job:' .. id
local current = redis.call('HMGET', jobKey, 's', 'st', 'o', 'ow')
if not current[1] then return 'missing' end
if current[1] ~= ARGV[3] then return 'conflict' end
local old, new, order, ow = current[2], ARGV[6], current[3], current[4]
redis.call('HSET', jobKey, 'r', ARGV[4], 's', ARGV[5], 'st', new)
if old ~= new then
  redis.call('ZREM', p .. ':status:' .. old, id)
  redis.call('ZADD', p .. ':status:' .. new, order, id)
  if ow and ow ~= '' then
    redis.call('ZREM', p .. ':own:' .. ow .. ':status:' .. old, id)
    redis.call('ZADD', p .. ':own:' .. ow .. ':status:' .. new, order, id)
  end
  if old == 'processing' then redis.call('ZREM', p .. ':processing', id) end
  if new == 'processing' then redis.call('ZADD', p .. ':processing', ARGV[7], id) end
  if new == 'completed' or new == 'failed' then
    redis.call('ZADD', p .. ':finished', ARGV[8], id)
    redis.call('ZADD', p .. ':histtrim', ARGV[8], id)
  end
end
local histKey = p .. ':hist:' .. id
if redis.call('EXISTS', histKey) == 1 then
  redis.call('RPUSH', histKey, ARGV[4])
  redis.call('LTRIM', histKey, -tonumber(ARGV[9]), -1)
end
redis.call('XADD', p .. ':events', 'MAXLEN', '~', ARGV[10], '*', 't', 'u', 'd', ARGV[4])
return 'ok'
`;

/** ARGV: prefix, finishedAtOrBefore, limit, streamMaxLen. Returns the removed ids. */
export const REMOVE_FINISHED = `${REMOVE_JOB}
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', p .. ':finished', '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do removeJob(p, id) end
if #ids > 0 then
  redis.call('XADD', p .. ':events', 'MAXLEN', '~', ARGV[4], '*', 't', 'r', 'd', table.concat(ids, ','))
end
return ids
`;

/** ARGV: prefix, finishedAtOrBefore. Returns how many histories were dropped. */
export const TRIM_HISTORIES = `
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', p .. ':histtrim', '-inf', ARGV[2], 'LIMIT', 0, 10000)
for _, id in ipairs(ids) do
  redis.call('DEL', p .. ':hist:' .. id)
  redis.call('ZREM', p .. ':histtrim', id)
end
return #ids
`;

/**
 * ARGV: prefix, owner tag ('' for every job). Returns pending, processing, completed, failed,
 * total, oldest and newest createdAt ('' if none).
 */
export const COUNTS = `
local p = ARGV[1]
local base = p
if ARGV[2] ~= '' then base = p .. ':own:' .. ARGV[2] end
local out = {}
for _, st in ipairs({'pending', 'processing', 'completed', 'failed'}) do
  table.insert(out, redis.call('ZCARD', base .. ':status:' .. st))
end
table.insert(out, redis.call('ZCARD', base .. ':created'))
for _, range in ipairs({{0, 0}, {-1, -1}}) do
  local ids = redis.call('ZRANGE', base .. ':created', range[1], range[2])
  local created = ids[1] and redis.call('HGET', p .. ':job:' .. ids[1], 'c')
  table.insert(out, created or '')
end
return out
`;

/** ARGV: prefix, index key suffix, max score (exclusive form allowed, e.g. '(12'), limit. Records newest first. */
export const LIST = `
local p = ARGV[1]
local ids = redis.call('ZRANGE', p .. ':' .. ARGV[2], ARGV[3], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for _, id in ipairs(ids) do
  local record = redis.call('HGET', p .. ':job:' .. id, 'r')
  if record then table.insert(out, record) end
end
return out
`;

/** ARGV: prefix, startedAtOrBefore. Records of processing jobs, oldest start first. */
export const PROCESSING_BEFORE = `
local p = ARGV[1]
local ids = redis.call('ZRANGEBYSCORE', p .. ':processing', '-inf', ARGV[2])
local out = {}
for _, id in ipairs(ids) do
  local record = redis.call('HGET', p .. ':job:' .. id, 'r')
  if record then table.insert(out, record) end
end
return out
`;
