-- A notification incident for a recipient: the first opens a window and is
-- mailed at once; later ones within it are queued for the digest due when the window ends.
-- KEYS: 1 window, 2 pending, 3 count, 4 due.
-- ARGV: 1 window ms, 2 incident, 3 recipient, 4 cap of listed incidents.
-- Returns 1 (mail now) or 0 (queued).
--! include now-ms
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
local n = redis.call('INCR', KEYS[3])
if n <= tonumber(ARGV[4]) then redis.call('RPUSH', KEYS[2], ARGV[2]) end
redis.call('ZADD', KEYS[4], 'NX', now_ms() + math.max(redis.call('PTTL', KEYS[1]), 0), ARGV[3])
return 0
