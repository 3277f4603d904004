-- A FIFO delivery that is not the head parks, scored by its place in line,
-- unless the line's turn moved since it read it: then the head it saw is gone
-- and it must look again.
-- KEYS: 1 waiting, 2 turn.
-- ARGV: 1 delivery id, 2 place, 3 turn seen.
-- Returns 1 when parked, 0 when the turn moved (look at the head again).
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[3] then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
return 1
