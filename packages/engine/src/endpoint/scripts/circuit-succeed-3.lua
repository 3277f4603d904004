-- A successful attempt: the streak ends and the circuit closes.
-- KEYS: 1 failures, 2 open, 3 probe.
-- Returns 1 when the circuit was open.
local was_open = redis.call('EXISTS', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return was_open
