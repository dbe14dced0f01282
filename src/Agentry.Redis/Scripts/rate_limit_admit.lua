-- KEYS[1] request bucket (TAT, ms), KEYS[2] token bucket (TAT, ms)
-- ARGV[1] now (ms), ARGV[2] requests per minute (0 none), ARGV[3] tokens per minute (0 none),
-- ARGV[4] token debt this replica holds for the key (ms, 0 none), ARGV[5] when those tokens were charged (ms)
-- First applies the held debt to the token bucket (as rate_limit_charge.lua does), then admits: GCRA over a
-- one-minute window, the same arithmetic as Agentry.Core.Security.Gcra.Admit.
-- Returns { allowed (1/0), limit ('rpm'/'tpm'/''), remaining, reset ms, retry-after ms }.
local window = 60000
local now = tonumber(ARGV[1])
local rpm = tonumber(ARGV[2])
local tpm = tonumber(ARGV[3])
local debt = tonumber(ARGV[4])
local token_tat = 0
if tpm > 0 or debt > 0 then
  token_tat = tonumber(redis.call('GET', KEYS[2]) or '0')
end
if debt > 0 then
  token_tat = math.max(token_tat, tonumber(ARGV[5])) + debt
  if token_tat > now then
    redis.call('SET', KEYS[2], tostring(token_tat), 'PX', math.ceil(token_tat - now) + 1000)
  end
end
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local interval = 0
if rpm > 0 then interval = window / rpm end
local new_tat = tat + interval
if rpm > 0 and new_tat - now > window then
  return { 0, 'rpm', 0, tostring(tat - now), tostring(new_tat - window - now) }
end
if tpm > 0 and token_tat - now >= window then
  local left = -1
  if rpm > 0 then left = math.floor((window - (tat - now)) / interval) end
  return { 0, 'tpm', left, tostring(tat - now), tostring(token_tat - window - now + 1) }
end
if rpm <= 0 then
  return { 1, '', -1, '0', '0' }
end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil(new_tat - now) + 1000)
return { 1, '', math.floor((window - (new_tat - now)) / interval), tostring(new_tat - now), '0' }
