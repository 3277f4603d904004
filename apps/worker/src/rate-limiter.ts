import { randomBytes } from "node:crypto";
import { endpointKeys } from "@herald/queue";
import type { Redis } from "ioredis";

// A sliding log of recent sends: admitted only while fewer than `limit`
// sends lie in (now - window, now], so no 1-second span, however it is
// aligned, holds more than `limit`. Redis's clock, so workers on hosts with
// skewed clocks still agree. Answers 0 (send now) or the ms until a slot frees.
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

// One second plus a guard: a send reaches the receiver a few ms after its
// admission, and not always the same few, so a window of exactly 1000 ms at
// the sender could show as limit + 1 in a second at the receiver.
export const RATE_WINDOW_MS = 1050;

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
      return Number(await redis.eval(ADMIT, 1, keys.sent(webhookId), limitPerSecond, member, RATE_WINDOW_MS));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
