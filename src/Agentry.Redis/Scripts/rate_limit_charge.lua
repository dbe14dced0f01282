-- KEYS[1] token bucket (TAT, ms)
-- ARGV[1] now (ms), ARGV[2] token debt (ms: tokens * 60000 / tokens per minute), ARGV[3] when the tokens were charged (ms)
-- Pushes the token bucket forward by the tokens that finished runs used and no admission carried yet; it may run
-- a debt past the window. A debt already paid back by the time it arrives leaves the bucket as it is.
local now = tonumber(ARGV[1])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(ARGV[3])) + tonumber(ARGV[2])
if tat > now then
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
end
return 1
