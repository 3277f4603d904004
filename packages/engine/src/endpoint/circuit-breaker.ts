import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import { endpointScripts } from "./scripts.ts";

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
 * A circuit breaker per endpoint (its admission is endpoint-gate.ts), kept in Redis so every worker process sees
 * the same state. Closed: everything is sent. After `threshold` consecutive
 * failed attempts it opens: deliveries wait, except one probe per interval,
 * claimed atomically so only one worker sends it. A successful attempt closes it.
 */
export function createCircuitBreaker({ redis, prefix, threshold, probeIntervalMs }: CircuitBreakerOptions) {
  const keys = endpointKeys(prefix);
  const { circuitFail, circuitSucceed } = endpointScripts(redis);
  return {
    /** Consecutive failed attempts that open the circuit. */
    threshold,
    /**
     * Returns true when this failure opened the circuit. The gauge's set lives
     * in another cluster slot than the webhook's keys, so it is written after
     * the script, and again on every failure while open (a crash in between
     * heals on the next failed probe).
     */
    async recordFailure(webhookId: string): Promise<boolean> {
      const state = await circuitFail(
        [keys.failures(webhookId), keys.open(webhookId), keys.probe(webhookId)],
        [threshold, probeIntervalMs, STREAK_TTL_MS],
      );
      if (state !== 0) await redis.sadd(keys.openSet, webhookId);
      return state === 1;
    },
    /** Returns true when this success closed an open circuit. */
    async recordSuccess(webhookId: string): Promise<boolean> {
      const wasOpen =
        (await circuitSucceed([keys.failures(webhookId), keys.open(webhookId), keys.probe(webhookId)], [])) === 1;
      if (wasOpen) await redis.srem(keys.openSet, webhookId);
      return wasOpen;
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
