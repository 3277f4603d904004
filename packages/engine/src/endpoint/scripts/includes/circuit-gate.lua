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
