import type { RedisClient } from "@herald/queue";

// Lua shared by the endpoint gates, as functions, so the one-call admission
// and the single-purpose scripts run the same logic.

/** Redis's clock, so workers on hosts with skewed clocks still agree. */
const NOW_MS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// A sliding log of recent sends: room only while fewer than `limit` sends lie
// in (now - window, now], so no window-long span, however it is aligned,
// holds more than `limit`. rate_wait answers 0 (room now) or the ms until a
// slot frees; rate_take counts a send.
export const RATE_FUNCTIONS = `${NOW_MS}
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
`;

// Closed: {0, failure streak} (so a success knows whether to reset it).
// Open: the caller that sets the probe key first is the one probe of this
// interval, {1, 0}; the others get {2, ms until the next probe}.
export const CIRCUIT_FUNCTIONS = `
local function circuit_gate(open, probe, failures, interval)
  if redis.call('EXISTS', open) == 0 then
    return {0, tonumber(redis.call('GET', failures) or '0')}
  end
  if redis.call('SET', probe, '1', 'NX', 'PX', interval) then
    return {1, 0}
  end
  return {2, redis.call('PTTL', probe)}
end
`;

export type ScriptCall = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;

/**
 * Registers a script on the connection once (ioredis defineCommand: EVALSHA,
 * with the script text sent again only if Redis has lost it) and returns a
 * caller. The connection may be shared with BullMQ, hence the herald prefix.
 */
export function registerScript(
  redis: RedisClient,
  { name, keys, lua }: { name: `herald${string}`; keys: number; lua: string },
): ScriptCall {
  const commands = redis as unknown as Record<
    string,
    ((...args: Array<string | number>) => Promise<unknown>) | undefined
  >;
  if (typeof commands[name] !== "function") redis.defineCommand(name, { numberOfKeys: keys, lua });
  return (k, a) => commands[name]!(...k, ...a);
}
