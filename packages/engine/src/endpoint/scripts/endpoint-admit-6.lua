-- Admission of one delivery to its endpoint, in one call: the rate limit
-- first (when the webhook has one), then its cap on requests under way
-- (max_in_flight), then the circuit. A send is counted against the limit and
-- takes an in-flight slot only when the circuit lets it go, so deliveries
-- parked for an open circuit use up neither. A delivery refused for the cap
-- is parked in the waiting set, from which a finishing send wakes it
-- (line-release-3.lua). A slot is a lease: a worker that dies frees it when
-- the lease ends; the same delivery coming back (its job re-run) keeps its slot.
-- KEYS: 1 open, 2 probe, 3 failures, 4 sent, 5 in-flight, 6 waiting.
-- ARGV: 1 probe interval ms, 2 limit per window (0: none), 3 send member, 4 window ms,
--       5 cap (0: none), 6 delivery id, 7 lease ms.
-- Returns {0, failures} closed; {1, 0} half-open, this call is the probe; {2, ms to next probe} open;
--         {3, ms to wait} rate limited; {4, 0} in-flight cap full. Decoded by decodeAdmission (endpoint-gate.ts).
--! include now-ms
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
-- circuit_gate(open, probe, failures, interval): the circuit breaker's verdict.
-- Closed: {0, failure streak} (so a success knows whether to reset it).
-- Open: the caller that sets the probe key first is the one probe of this
-- interval (half-open), {1, 0}; the others get {2, ms until the next probe}.
local function circuit_gate(open, probe, failures, interval)
  if redis.call('EXISTS', open) == 0 then
    return {0, tonumber(redis.call('GET', failures) or '0')}
  end
  if redis.call('SET', probe, '1', 'NX', 'PX', interval) then
    return {1, 0}
  end
  return {2, redis.call('PTTL', probe)}
end
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local now = 0
if limit > 0 or cap > 0 then now = now_ms() end
if limit > 0 then
  local wait = rate_wait(KEYS[4], limit, window, now)
  if wait > 0 then return {3, wait} end
end
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
  if not redis.call('ZSCORE', KEYS[5], ARGV[6]) and redis.call('ZCARD', KEYS[5]) >= cap then
    redis.call('ZADD', KEYS[6], 'NX', now, ARGV[6])
    redis.call('PEXPIRE', KEYS[6], 86400000)
    return {4, 0}
  end
end
local gate = circuit_gate(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
if gate[1] ~= 2 then
  if limit > 0 then rate_take(KEYS[4], ARGV[3], window, now) end
  if cap > 0 then
    redis.call('ZADD', KEYS[5], now + tonumber(ARGV[7]), ARGV[6])
    redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[7]))
  end
  -- Going now: no longer waiting (it may have come back by its fallback delay, not a wake-up).
  redis.call('ZREM', KEYS[6], ARGV[6])
end
return gate
