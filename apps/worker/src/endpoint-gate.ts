import { endpointKeys, type RedisClient } from "@herald/queue";
import { type CircuitGate, circuitGateOf } from "./circuit-breaker.ts";
import { CIRCUIT_FUNCTIONS, RATE_FUNCTIONS, registerScript } from "./endpoint-scripts.ts";
import { RATE_WINDOW_MS, sendMember } from "./rate-limiter.ts";

// The rate limit first (when the webhook has one), then the circuit. A send
// is counted against the limit only when the circuit lets it go, so
// deliveries parked for an open circuit do not use up the endpoint's budget.
// KEYS: open, probe, failures, sent. ARGV: probe interval, limit (0: none), member, window.
const ADMIT = `${RATE_FUNCTIONS}${CIRCUIT_FUNCTIONS}
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local now = 0
if limit > 0 then
  now = now_ms()
  local wait = rate_wait(KEYS[4], limit, window, now)
  if wait > 0 then return {3, wait} end
end
local gate = circuit_gate(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
if limit > 0 and gate[1] ~= 2 then rate_take(KEYS[4], ARGV[3], window, now) end
return gate
`;

export type EndpointGate = CircuitGate | { state: "rate_limited"; waitMs: number };

/**
 * Admission of one delivery to its endpoint in one Redis round trip: the
 * rate limit (rate-limiter.ts) and the circuit breaker (circuit-breaker.ts)
 * in one atomic script, registered once per connection.
 */
export function createEndpointGate({ redis, prefix, probeIntervalMs }: { redis: RedisClient; prefix: string; probeIntervalMs: number }) {
  const keys = endpointKeys(prefix);
  const admitScript = registerScript(redis, { name: "heraldEndpointAdmit", keys: 4, lua: ADMIT });
  return {
    async admit({ webhookId, rateLimit }: { webhookId: string; rateLimit: number | null }): Promise<EndpointGate> {
      const answer = (await admitScript([keys.open(webhookId), keys.probe(webhookId), keys.failures(webhookId), keys.sent(webhookId)], [probeIntervalMs, rateLimit ?? 0, sendMember(), RATE_WINDOW_MS])) as [number, number];
      return answer[0] === 3 ? { state: "rate_limited", waitMs: answer[1] } : circuitGateOf(answer);
    },
  };
}

export type EndpointGateService = ReturnType<typeof createEndpointGate>;
