-- KEYS[1] idempotency hash; ARGV[1] status, ARGV[2] content type, ARGV[3] body, ARGV[4] ttl (ms)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[1], 'ctype', ARGV[2], 'body', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
