import { randomBytes } from "node:crypto";
import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import { endpointScripts } from "./scripts.ts";

// One second plus a guard: a send reaches the receiver a few ms after its
// admission, and not always the same few, so a window of exactly 1000 ms at
// the sender could show as limit + 1 in a second at the receiver.
export const RATE_WINDOW_MS = 1050;

/** A member of the rate limit's sliding log: unique, so two sends in one millisecond count twice. */
const sendMember = () => `${Date.now()}:${randomBytes(6).toString("hex")}`;

/** What the circuit breaker says about sending to an endpoint now, in the vocabulary of circuit-states.ts. */
type CircuitGate =
  | { state: "closed"; failures: number }
  /** The probe interval ran out and this call is its one probe. */
  | { state: "half_open" }
  | { state: "open"; nextProbeInMs: number };

export type EndpointGate = CircuitGate | { state: "rate_limited"; waitMs: number } | { state: "in_flight_full" };

/** endpoint-admit-6.lua's reply as an EndpointGate: the one decoder of it. */
function decodeAdmission([code, value]: [number, number]): EndpointGate {
  if (code === 0) return { state: "closed", failures: value };
  if (code === 1) return { state: "half_open" };
  if (code === 3) return { state: "rate_limited", waitMs: value };
  if (code === 4) return { state: "in_flight_full" };
  // PTTL is -1/-2 only if the key vanished meanwhile: try again soon.
  return { state: "open", nextProbeInMs: value > 0 ? value : 100 };
}

/**
 * Admission of one delivery to its endpoint in one Redis round trip: the
 * rate limit, the in-flight cap and the circuit breaker in one atomic script
 * (scripts/endpoint-admit-6.lua), registered once per connection.
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
  const { endpointAdmit } = endpointScripts(redis);
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
      return decodeAdmission(
        (await endpointAdmit(
          [
            keys.open(webhookId),
            keys.probe(webhookId),
            keys.failures(webhookId),
            keys.sent(webhookId),
            keys.inFlight(webhookId),
            keys.waiting(webhookId),
          ],
          [probeIntervalMs, rateLimit ?? 0, sendMember(), RATE_WINDOW_MS, maxInFlight ?? 0, deliveryId, leaseMs],
        )) as [number, number],
      );
    },
  };
}

export type EndpointGateService = ReturnType<typeof createEndpointGate>;
