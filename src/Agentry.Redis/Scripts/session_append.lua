-- KEYS[1] session hash, KEYS[2] turns list
-- ARGV[1] expected version, ARGV[2] turn ("<message count>|<json>"), ARGV[3] message count,
-- ARGV[4] now (unix ms), ARGV[5] idle ttl (ms), ARGV[6] max messages
-- Optimistic append of one whole turn; old turns are dropped whole (never the newest), so a tool call
-- is never separated from its result.
local version = redis.call('HGET', KEYS[1], 'version')
if not version or version ~= ARGV[1] then
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[2])
local count = redis.call('HINCRBY', KEYS[1], 'count', tonumber(ARGV[3]))
local max = tonumber(ARGV[6])
while count > max and redis.call('LLEN', KEYS[2]) > 1 do
  local dropped = redis.call('LPOP', KEYS[2])
  local n = tonumber(string.match(dropped, '^(%d+)|'))
  count = redis.call('HINCRBY', KEYS[1], 'count', -n)
end
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'updated', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
