import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import { CIRCUIT_FUNCTIONS, registerScript } from "./endpoint-scripts.ts";

/** What the breaker says about sending to an endpoint now. */
export type CircuitGate =
  | { state: "closed"; failures: number }
  | { state: "probe" }
  | { state: "open"; nextProbeInMs: number };

const ADMIT = `${CIRCUIT_FUNCTIONS}
return circuit_gate(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
`;

// Opening also starts the probe clock: the first probe comes one interval later.
// 1: this failure opened the circuit; 2: it was open already; 0: still closed.
const FAIL = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
if n >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1')
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
  return 1
end
return 0
`;

// 1 when the circuit was open.
const SUCCEED = `
local was_open = redis.call('EXISTS', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return was_open
`;

/** circuit_gate's answer ({state, value}) as a CircuitGate. */
export function circuitGateOf([state, value]: [number, number]): CircuitGate {
  if (state === 0) return { state: "closed", failures: value };
  if (state === 1) return { state: "probe" };
  // PTTL is -1/-2 only if the key vanished meanwhile: try again soon.
  return { state: "open", nextProbeInMs: value > 0 ? value : 100 };
}

// A streak older than this is forgotten, so a deleted endpoint leaves no key forever.
const STREAK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CircuitBreakerOptions {
  redis: RedisClient;
  prefix: string;
  /** Consecutive failed attempts that open the circuit. */
  threshold: number;
  probeIntervalMs: number;
}

/**
 * A circuit breaker per endpoint, kept in Redis so every worker process sees
 * the same state. Closed: everything is sent. After `threshold` consecutive
 * failed attempts it opens: deliveries wait, except one probe per interval,
 * claimed atomically so only one worker sends it. A successful attempt closes it.
 */
export function createCircuitBreaker({ redis, prefix, threshold, probeIntervalMs }: CircuitBreakerOptions) {
  const keys = endpointKeys(prefix);
  const admitScript = registerScript(redis, { name: "heraldCircuitAdmit", keys: 3, lua: ADMIT });
  const failScript = registerScript(redis, { name: "heraldCircuitFail", keys: 3, lua: FAIL });
  const succeedScript = registerScript(redis, { name: "heraldCircuitSucceed", keys: 3, lua: SUCCEED });
  return {
    /** Consecutive failed attempts that open the circuit. */
    threshold,
    /** The gate alone; the worker admits through endpoint-gate.ts (rate limit and circuit in one call). */
    async admit(webhookId: string): Promise<CircuitGate> {
      return circuitGateOf(
        (await admitScript(
          [keys.open(webhookId), keys.probe(webhookId), keys.failures(webhookId)],
          [probeIntervalMs],
        )) as [number, number],
      );
    },
    /**
     * Returns true when this failure opened the circuit. The gauge's set lives
     * in another cluster slot than the webhook's keys, so it is written after
     * the script, and again on every failure while open (a crash in between
     * heals on the next failed probe).
     */
    async recordFailure(webhookId: string): Promise<boolean> {
      const state = await failScript(
        [keys.failures(webhookId), keys.open(webhookId), keys.probe(webhookId)],
        [threshold, probeIntervalMs, STREAK_TTL_MS],
      );
      if (state !== 0) await redis.sadd(keys.openSet, webhookId);
      return state === 1;
    },
    /** Returns true when this success closed an open circuit. */
    async recordSuccess(webhookId: string): Promise<boolean> {
      const wasOpen =
        (await succeedScript([keys.failures(webhookId), keys.open(webhookId), keys.probe(webhookId)], [])) === 1;
      if (wasOpen) await redis.srem(keys.openSet, webhookId);
      return wasOpen;
    },
    async isOpen(webhookId: string): Promise<boolean> {
      return (await redis.exists(keys.open(webhookId))) === 1;
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
