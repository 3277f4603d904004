import { randomBytes } from "node:crypto";
import { endpointKeys } from "@herald/queue";
import type { Redis } from "ioredis";

// A sliding log of the last second's sends: admitted only while fewer than
// `limit` sends lie in (now - 1 s, now], so no 1-second span, however it is
// aligned, holds more than `limit`. Redis's clock, so workers on hosts with
// skewed clocks still agree. Answers 0 (send now) or the ms until a slot frees.
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + 1000 - now)
`;

/**
 * Per-endpoint deliveries-per-second limit shared by every worker. It never
 * sleeps: a delivery over the limit is told how long to wait, and the
 * processor parks its job in delayed for that long, so the worker slot goes
 * to another endpoint's delivery meanwhile.
 */
export function createRateLimiter({ redis, prefix }: { redis: Redis; prefix: string }) {
  const keys = endpointKeys(prefix);
  return {
    /** 0 when the send may go now (and is counted), else milliseconds to wait. */
    async admit(webhookId: string, limitPerSecond: number): Promise<number> {
      const member = `${Date.now()}:${randomBytes(6).toString("hex")}`;
      return Number(await redis.eval(ADMIT, 1, keys.sent(webhookId), limitPerSecond, member));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
