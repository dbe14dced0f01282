-- KEYS[1] day hash, KEYS[2] month hash
-- ARGV[1] micros to reserve, ARGV[2] daily limit (micros, 0 none), ARGV[3] monthly limit (micros, 0 none),
-- ARGV[4] day key ttl (ms), ARGV[5] month key ttl (ms)
-- Checks both limits and reserves in both periods atomically: concurrent calls cannot overspend by more
-- than one reservation.
local amount = tonumber(ARGV[1])
local function exceeds(key, limit)
  limit = tonumber(limit)
  if limit <= 0 then return false end
  local spent = tonumber(redis.call('HGET', key, 'spent') or '0')
  local reserved = tonumber(redis.call('HGET', key, 'reserved') or '0')
  return spent + reserved + amount > limit
end
if exceeds(KEYS[1], ARGV[2]) then return 'daily' end
if exceeds(KEYS[2], ARGV[3]) then return 'monthly' end
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('HINCRBY', KEYS[2], 'reserved', amount)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 'ok'
