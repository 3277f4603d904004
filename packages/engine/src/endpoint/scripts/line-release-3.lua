-- A send ends: its in-flight slot frees, a FIFO line's turn moves on when its
-- head settled, and the first parked delivery is taken out to be woken.
-- KEYS: 1 in-flight, 2 waiting, 3 turn.
-- ARGV: 1 delivery id, 2 '1' when the line moved on.
-- Returns the id of the delivery to wake, or nil.
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], 86400000)
end
local first = redis.call('ZPOPMIN', KEYS[2])
return first[1] or false
