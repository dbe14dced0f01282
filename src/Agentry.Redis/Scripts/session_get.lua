-- KEYS[1] session hash, KEYS[2] turns list; ARGV[1] idle ttl (ms)
-- Reads a session and refreshes its idle expiry, in one round trip.
local meta = redis.call('HMGET', KEYS[1], 'agent', 'created', 'updated', 'version')
if not meta[1] then
  return false
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
local turns = redis.call('LRANGE', KEYS[2], 0, -1)
return { meta[1], meta[2], meta[3], meta[4], turns }
