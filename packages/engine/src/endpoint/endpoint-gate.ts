import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import { type CircuitGate, circuitGateOf } from "./circuit-breaker.ts";
import { CIRCUIT_FUNCTIONS, RATE_FUNCTIONS, registerScript } from "./endpoint-scripts.ts";
import { RATE_WINDOW_MS, sendMember } from "./rate-limiter.ts";

// The rate limit first (when the webhook has one), then its cap on requests
// under way (max_in_flight), then the circuit. A send is counted against the
// limit and takes an in-flight slot only when the circuit lets it go, so
// deliveries parked for an open circuit use up neither. A delivery refused
// for the cap is parked in the waiting set, from which a finishing send wakes
// it (endpoint-line.ts). A slot is a lease: a worker that dies frees it when
// the lease ends; the same delivery coming back (its job re-run) keeps its slot.
// KEYS: open, probe, failures, sent, in-flight, waiting.
// ARGV: probe interval, limit (0: none), member, window, cap (0: none), delivery id, lease ms.
const ADMIT = `${RATE_FUNCTIONS}${CIRCUIT_FUNCTIONS}
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
`;

export type EndpointGate = CircuitGate | { state: "rate_limited"; waitMs: number } | { state: "in_flight_full" };

/**
 * Admission of one delivery to its endpoint in one Redis round trip: the
 * rate limit (rate-limiter.ts), the in-flight cap and the circuit breaker
 * (circuit-breaker.ts) in one atomic script, registered once per connection.
 * `leaseMs` outlasts an attempt (the job lock), so a slot held by a dead
 * worker frees itself.
 */
export function createEndpointGate({
  redis,
  prefix,
  probeIntervalMs,
  leaseMs,
}: {
  redis: RedisClient;
  prefix: string;
  probeIntervalMs: number;
  leaseMs: number;
}) {
  const keys = endpointKeys(prefix);
  const admitScript = registerScript(redis, { name: "heraldEndpointAdmit", keys: 6, lua: ADMIT });
  return {
    async admit({
      webhookId,
      deliveryId,
      rateLimit,
      maxInFlight,
    }: {
      webhookId: string;
      deliveryId: string;
      rateLimit: number | null;
      maxInFlight: number | null;
    }): Promise<EndpointGate> {
      const answer = (await admitScript(
        [
          keys.open(webhookId),
          keys.probe(webhookId),
          keys.failures(webhookId),
          keys.sent(webhookId),
          keys.inFlight(webhookId),
          keys.waiting(webhookId),
        ],
        [probeIntervalMs, rateLimit ?? 0, sendMember(), RATE_WINDOW_MS, maxInFlight ?? 0, deliveryId, leaseMs],
      )) as [number, number];
      if (answer[0] === 3) return { state: "rate_limited", waitMs: answer[1] };
      if (answer[0] === 4) return { state: "in_flight_full" };
      return circuitGateOf(answer);
    },
  };
}

export type EndpointGateService = ReturnType<typeof createEndpointGate>;
