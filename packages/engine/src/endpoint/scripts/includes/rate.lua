-- A sliding log of recent sends: room only while fewer than `limit` sends lie
-- in (now - window, now], so no window-long span, however it is aligned,
-- holds more than `limit`. rate_wait answers 0 (room now) or the ms until a
-- slot frees; rate_take counts a send.
local function rate_wait(key, limit, window, now)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) < limit then return 0 end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
local function rate_take(key, member, window, now)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
