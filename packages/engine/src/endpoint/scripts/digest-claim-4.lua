-- Claims a due digest (one worker wins the ZREM) and, when it holds
-- incidents, opens the next window so a continuing storm stays one mail per window.
-- KEYS: 1 window, 2 pending, 3 count, 4 due.
-- ARGV: 1 recipient, 2 window ms.
-- Returns {count, incidents listed}, or nil when another worker claimed it.
if redis.call('ZREM', KEYS[4], ARGV[1]) == 0 then return false end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
local n = tonumber(redis.call('GET', KEYS[3]) or '0')
redis.call('DEL', KEYS[2], KEYS[3])
if n > 0 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[2]) end
return {n, items}
