-- KEYS[1] token bucket (TAT, ms)
-- ARGV[1] now (ms), ARGV[2] tokens per minute, ARGV[3] tokens used
-- Pushes the token bucket forward by the tokens a finished run used; it may run a debt past the window.
local now = tonumber(ARGV[1])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local new_tat = tat + tonumber(ARGV[3]) * 60000 / tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil(new_tat - now) + 1000)
return 1
