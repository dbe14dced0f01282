-- KEYS[1] idempotency hash; ARGV[1] fingerprint, ARGV[2] claim ttl (ms)
-- Returns {'acquired'} | {'mismatch'} | {'running'} | {'done', status, content type, body}
local fingerprint = redis.call('HGET', KEYS[1], 'fp')
if not fingerprint then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'running')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return { 'acquired' }
end
if fingerprint ~= ARGV[1] then
  return { 'mismatch' }
end
local stored = redis.call('HMGET', KEYS[1], 'state', 'status', 'ctype', 'body')
if stored[1] == 'done' then
  return { 'done', stored[2], stored[3], stored[4] }
end
return { 'running' }
