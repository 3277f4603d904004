import type { Db, LoadedDelivery, Outcome } from "@herald/db";
import type { SendResult } from "@herald/delivery";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { EndpointGateService } from "./endpoint-gate.ts";
import { applyHealthAction, healthAction } from "./endpoint-health.ts";
import type { Logger } from "./logger.ts";
import type { AttemptOutcome, MetricsRecorder } from "./metrics-recorder.ts";
import type { Notifier } from "./notifier.ts";

/** Whether a delivery may be attempted now, or must wait (not an attempt) for its endpoint. */
export type Admission = { send: true; probe: boolean; failures: number } | { send: false; waitMs: number; reason: "circuit_open" | "rate_limited" };

export interface EndpointPolicyOptions {
  db: Db;
  breaker: CircuitBreaker;
  /** Rate limit and circuit in one Redis call per delivery. */
  gate: EndpointGateService;
  notifier: Notifier;
  metrics: MetricsRecorder;
  /** A webhook whose deliveries all failed this long is disabled. */
  disableAfterMs: number;
  probeIntervalMs: number;
  logger: Logger;
  random?: () => number;
}

export interface Settlement {
  delivery: LoadedDelivery;
  admission: Extract<Admission, { send: true }>;
  result: SendResult;
  outcome: Outcome;
  /** Whether the delivery took the outcome (recordAttempt's answer). */
  applied: boolean;
}

const outcomeLabel = (result: SendResult, outcome: Outcome): AttemptOutcome => (result.ok ? "success" : outcome.status === "failed" ? "failed" : "retry");

/**
 * Endpoint health around each attempt: before it, the rate limit and the
 * circuit breaker decide whether it may go now; after it, the breaker, the
 * failing run (auto-disable), notifications and metrics learn its result.
 */
export function createEndpointPolicy({ db, breaker, gate: endpointGate, notifier, metrics, disableAfterMs, probeIntervalMs, logger, random = Math.random }: EndpointPolicyOptions) {
  async function admit({ webhookId, webhook }: LoadedDelivery): Promise<Admission> {
    const gate = await endpointGate.admit({ webhookId, rateLimit: webhook.rateLimit && webhook.rateLimit > 0 ? webhook.rateLimit : null });
    // A little spread, so the parked jobs of one endpoint do not all wake in the same millisecond.
    if (gate.state === "rate_limited") return { send: false, waitMs: gate.waitMs + Math.round(random() * 200), reason: "rate_limited" };
    if (gate.state === "closed") return { send: true, probe: false, failures: gate.failures };
    if (gate.state === "probe") return { send: true, probe: true, failures: 0 };
    // Spread over the next interval: one of them claims the next probe, the rest wait for the verdict.
    return { send: false, waitMs: gate.nextProbeInMs + Math.round(random() * probeIntervalMs), reason: "circuit_open" };
  }

  async function teachBreaker({ webhookId, admission, ok, log }: { webhookId: string; admission: Settlement["admission"]; ok: boolean; log: Logger }): Promise<void> {
    if (!ok) {
      if (await breaker.recordFailure(webhookId)) log.warn("circuit opened: too many consecutive failed attempts");
      return;
    }
    // A healthy endpoint's success costs no Redis call: there is no streak to reset.
    if ((admission.probe || admission.failures > 0) && (await breaker.recordSuccess(webhookId))) log.info("circuit closed: the endpoint answered again");
  }

  async function learn({ delivery, admission, result }: Settlement): Promise<string | null> {
    const { webhookId, webhook } = delivery;
    const log = logger.child({ webhookId });
    const breakerWork = teachBreaker({ webhookId, admission, ok: result.ok, log });
    const now = new Date();
    const action = healthAction({ ok: result.ok, statusCode: result.statusCode, failingSince: webhook.failingSince, now, disableAfterMs });
    const [disabled] = await Promise.all([applyHealthAction(db, { action, webhookId, tenantId: webhook.tenantId, now }), breakerWork]);
    if (disabled) log.warn("webhook disabled", { reason: disabled });
    return disabled;
  }

  /** Never throws: the attempt is already recorded, and failing the job now would resend it early. */
  async function settle(s: Settlement): Promise<void> {
    metrics.record(outcomeLabel(s.result, s.outcome), s.result.durationMs);
    const { delivery } = s;
    const base = { webhookId: delivery.webhookId, url: delivery.webhook.url, at: new Date().toISOString() };
    try {
      const disabledReason = await learn(s);
      if (disabledReason) await notifier.notify({ kind: "disabled", ...base, reason: disabledReason });
      if (s.applied && s.outcome.status === "failed") {
        await notifier.notify({ kind: "dead_letter", ...base, deliveryId: delivery.id, eventType: delivery.event.type, attempts: delivery.attemptCount + 1, error: s.result.error });
      }
    } catch (err) {
      logger.warn("endpoint health bookkeeping failed", { deliveryId: delivery.id, error: (err as Error).message });
    }
  }

  return { admit, settle };
}

export type EndpointPolicy = ReturnType<typeof createEndpointPolicy>;
