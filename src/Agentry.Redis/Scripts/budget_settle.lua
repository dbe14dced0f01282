-- KEYS[1] day hash, KEYS[2] month hash, KEYS[3] day usage hash
-- ARGV[1] reserved micros to release, ARGV[2] actual micros, ARGV[3] daily limit, ARGV[4] monthly limit,
-- ARGV[5] thresholds in per-mille, comma separated, ARGV[6] usage field prefix ("agent|model"),
-- ARGV[7] input, ARGV[8] output, ARGV[9] cache read, ARGV[10] cache write (tokens),
-- ARGV[11] day ttl, ARGV[12] month ttl, ARGV[13] usage ttl (ms)
-- Returns { daily spent, monthly spent, crossed thresholds as "period:permille"... }; a threshold is
-- reported once per period, whichever replica crosses it.
local released = tonumber(ARGV[1])
local actual = tonumber(ARGV[2])
if released > 0 then
  redis.call('HINCRBY', KEYS[1], 'reserved', -released)
  redis.call('HINCRBY', KEYS[2], 'reserved', -released)
end
local day = redis.call('HINCRBY', KEYS[1], 'spent', actual)
local month = redis.call('HINCRBY', KEYS[2], 'spent', actual)
local result = { day, month }
local periods = { { KEYS[1], tonumber(ARGV[3]), 'daily', day }, { KEYS[2], tonumber(ARGV[4]), 'monthly', month } }
for permille in string.gmatch(ARGV[5], '%d+') do
  for _, p in ipairs(periods) do
    if p[2] > 0 and p[4] * 1000 >= tonumber(permille) * p[2] then
      if redis.call('HSETNX', p[1], 'th:' .. permille, 1) == 1 then
        table.insert(result, p[3] .. ':' .. permille)
      end
    end
  end
end
local prefix = ARGV[6]
redis.call('HINCRBY', KEYS[3], prefix .. '|calls', 1)
redis.call('HINCRBY', KEYS[3], prefix .. '|input', ARGV[7])
redis.call('HINCRBY', KEYS[3], prefix .. '|output', ARGV[8])
redis.call('HINCRBY', KEYS[3], prefix .. '|cache_read', ARGV[9])
redis.call('HINCRBY', KEYS[3], prefix .. '|cache_write', ARGV[10])
redis.call('HINCRBY', KEYS[3], prefix .. '|cost', actual)
redis.call('PEXPIRE', KEYS[1], ARGV[11])
redis.call('PEXPIRE', KEYS[2], ARGV[12])
redis.call('PEXPIRE', KEYS[3], ARGV[13])
return result
