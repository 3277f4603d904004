-- A failed attempt: one more in the endpoint's failure streak; at the
-- threshold the circuit opens, which also starts the probe clock (the first
-- probe comes one interval later).
-- KEYS: 1 failures, 2 open, 3 probe.
-- ARGV: 1 threshold, 2 probe interval ms, 3 streak TTL ms.
-- Returns 1 when this failure opened the circuit, 2 when it was open already, 0 while still closed.
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
if n >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1')
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
  return 1
end
return 0
