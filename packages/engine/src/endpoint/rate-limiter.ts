import { randomBytes } from "node:crypto";
import { endpointKeys } from "./keys.ts";
import type { RedisClient } from "@herald/queue";
import { RATE_FUNCTIONS, registerScript } from "./endpoint-scripts.ts";

const RATE_ADMIT = `${RATE_FUNCTIONS}
local now = now_ms()
local window = tonumber(ARGV[3])
local wait = rate_wait(KEYS[1], tonumber(ARGV[1]), window, now)
if wait == 0 then rate_take(KEYS[1], ARGV[2], window, now) end
return wait
`;

// One second plus a guard: a send reaches the receiver a few ms after its
// admission, and not always the same few, so a window of exactly 1000 ms at
// the sender could show as limit + 1 in a second at the receiver.
export const RATE_WINDOW_MS = 1050;

/** A member of the sliding log: unique, so two sends in one millisecond count twice. */
export const sendMember = () => `${Date.now()}:${randomBytes(6).toString("hex")}`;

/**
 * Per-endpoint deliveries-per-second limit shared by every worker. It never
 * sleeps: a delivery over the limit is told how long to wait, and the
 * processor parks its job in delayed for that long, so the worker slot goes
 * to another endpoint's delivery meanwhile. (The worker admits through
 * endpoint-gate.ts, which checks this limit and the circuit in one call.)
 */
export function createRateLimiter({ redis, prefix }: { redis: RedisClient; prefix: string }) {
  const keys = endpointKeys(prefix);
  const admitScript = registerScript(redis, { name: "heraldRateAdmit", keys: 1, lua: RATE_ADMIT });
  return {
    /** 0 when the send may go now (and is counted), else milliseconds to wait. */
    async admit(webhookId: string, limitPerSecond: number): Promise<number> {
      return Number(await admitScript([keys.sent(webhookId)], [limitPerSecond, sendMember(), RATE_WINDOW_MS]));
    },
  };
}
