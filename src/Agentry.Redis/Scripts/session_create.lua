-- KEYS[1] session hash, KEYS[2] turns list
-- ARGV[1] agent, ARGV[2] now (unix ms), ARGV[3] idle ttl (ms)
redis.call('HSET', KEYS[1], 'agent', ARGV[1], 'created', ARGV[2], 'updated', ARGV[2], 'version', 0, 'count', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
