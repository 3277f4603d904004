import { type Db, publicEventId } from "@herald/db";
import { fifoHead } from "../store/fifo-line.ts";
import type { LoadedDelivery, Outcome } from "../store/delivery-store.ts";
import { isOperationalType, type SendResult } from "@herald/delivery";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { EndpointGateService } from "./endpoint-gate.ts";
import { applyHealthAction, type Disabled, healthAction } from "./endpoint-health.ts";
import type { EndpointLine } from "./endpoint-line.ts";
import type { Logger } from "@herald/config";
import type { AttemptOutcome, MetricsRecorder } from "./metrics-recorder.ts";
import type { Notifier } from "./notifier.ts";
import type { OperationalEvents } from "./operational-events.ts";

/** Whether a delivery may be attempted now, or must wait (not an attempt) for its endpoint. */
export type Admission =
  | { send: true; probe: boolean; failures: number }
  | { send: false; waitMs: number; reason: "circuit_open" | "rate_limited" | "in_flight_full" | "fifo_waiting" };

// Fallback delays of parked deliveries, for a wake-up that never came (a worker died between a send and its release).
const IN_FLIGHT_RECHECK_MS = 1_000;
const FIFO_RECHECK_MS = 5_000;

export interface EndpointPolicyOptions {
  db: Db;
  breaker: CircuitBreaker;
  /** Rate limit, in-flight cap and circuit in one Redis call per delivery. */
  gate: EndpointGateService;
  /** Parked deliveries of capped and FIFO endpoints, and their wake-ups. */
  line: EndpointLine;
  notifier: Notifier;
  /** herald.* events about endpoints and dead-lettered deliveries. */
  operational: OperationalEvents;
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

const isInLine = (d: LoadedDelivery): d is LoadedDelivery & { seq: bigint } =>
  d.webhook.ordering === "fifo" && d.seq !== null;

const outcomeLabel = (result: SendResult, outcome: Outcome): AttemptOutcome =>
  result.ok ? "success" : outcome.status === "failed" ? "failed" : "retry";

/**
 * Endpoint health around each attempt: before it, the rate limit and the
 * circuit breaker decide whether it may go now; after it, the breaker, the
 * failing run (auto-disable), notifications, operational events and metrics
 * learn its result.
 */
export function createEndpointPolicy({
  db,
  breaker,
  gate: endpointGate,
  line,
  notifier,
  operational,
  metrics,
  disableAfterMs,
  probeIntervalMs,
  logger,
  random = Math.random,
}: EndpointPolicyOptions) {
  /**
   * A FIFO delivery goes only as the head of its webhook's line (the lowest
   * seq still pending, in Postgres); the others park until the head settles.
   * Deliveries made before the webhook turned FIFO (no seq) are not in line.
   */
  async function waitForTurn(delivery: LoadedDelivery & { seq: bigint }): Promise<Admission | null> {
    const { webhookId, webhook } = delivery;
    for (let look = 0; look < 3; look++) {
      const turnSeen = await line.turn(webhookId);
      const head = await fifoHead(db, { webhookId, blockOnFailure: webhook.fifoOnFailure === "block" });
      if (head === null || head === delivery.id) return null;
      if (await line.park({ webhookId, deliveryId: delivery.id, place: delivery.seq, turnSeen }))
        return { send: false, waitMs: FIFO_RECHECK_MS + Math.round(random() * 1000), reason: "fifo_waiting" };
    }
    return { send: false, waitMs: 50 + Math.round(random() * 100), reason: "fifo_waiting" };
  }

  async function admit(delivery: LoadedDelivery): Promise<Admission> {
    const { webhookId, webhook } = delivery;
    const fifo = isInLine(delivery);
    if (fifo) {
      const wait = await waitForTurn(delivery);
      if (wait) return wait;
    }
    const gate = await endpointGate.admit({
      webhookId,
      deliveryId: delivery.id,
      rateLimit: webhook.rateLimit && webhook.rateLimit > 0 ? webhook.rateLimit : null,
      // A FIFO line sends one at a time already.
      maxInFlight: fifo ? null : webhook.maxInFlight,
    });
    // A little spread, so the parked jobs of one endpoint do not all wake in the same millisecond.
    if (gate.state === "rate_limited")
      return { send: false, waitMs: gate.waitMs + Math.round(random() * 200), reason: "rate_limited" };
    if (gate.state === "in_flight_full")
      return { send: false, waitMs: IN_FLIGHT_RECHECK_MS + Math.round(random() * 500), reason: "in_flight_full" };
    if (gate.state === "closed") return { send: true, probe: false, failures: gate.failures };
    if (gate.state === "half_open") return { send: true, probe: true, failures: 0 };
    // Spread over the next interval: one of them claims the next probe, the rest wait for the verdict.
    return { send: false, waitMs: gate.nextProbeInMs + Math.round(random() * probeIntervalMs), reason: "circuit_open" };
  }

  /**
   * The breaker's transitions raise herald.circuit.* events. Redis holds the
   * circuit's truth, so the event is written after the transition: a worker
   * dying in between loses that one event (the circuit itself is unaffected).
   */
  async function teachBreaker({
    webhook,
    admission,
    ok,
    log,
  }: {
    webhook: LoadedDelivery["webhook"];
    admission: Settlement["admission"];
    ok: boolean;
    log: Logger;
  }): Promise<void> {
    if (!ok) {
      if (!(await breaker.recordFailure(webhook.id))) return;
      log.warn("circuit opened: too many consecutive failed attempts");
      const at = new Date();
      await operational.raise({
        type: "herald.circuit.opened",
        endpoint: webhook,
        at,
        failures: breaker.threshold,
        nextProbeAt: new Date(at.getTime() + probeIntervalMs),
      });
      return;
    }
    // A healthy endpoint's success costs no Redis call: there is no streak to reset.
    if ((admission.probe || admission.failures > 0) && (await breaker.recordSuccess(webhook.id))) {
      log.info("circuit closed: the endpoint answered again");
      await operational.raise({ type: "herald.circuit.closed", endpoint: webhook, at: new Date() });
    }
  }

  async function learn({ delivery, admission, result }: Settlement): Promise<Disabled | null> {
    const { webhookId, webhook } = delivery;
    const log = logger.child({ webhookId });
    const breakerWork = teachBreaker({ webhook, admission, ok: result.ok, log });
    const now = new Date();
    const action = healthAction({
      ok: result.ok,
      statusCode: result.statusCode,
      failingSince: webhook.failingSince,
      now,
      disableAfterMs,
    });
    const [disabled] = await Promise.all([applyHealthAction(db, { action, webhook, now }), breakerWork]);
    if (disabled) {
      log.warn("webhook disabled", { reason: disabled.reason });
      await operational.enqueue(disabled.jobs);
    }
    return disabled;
  }

  /** A dead-lettered delivery: mail, and herald.delivery.exhausted unless it carried an operational event itself (no loops). */
  async function deadLettered(
    { delivery, result }: Settlement,
    base: { webhookId: string; url: string; at: string },
  ): Promise<void> {
    await notifier.notify({
      kind: "dead_letter",
      ...base,
      deliveryId: delivery.id,
      eventType: delivery.event.type,
      attempts: delivery.attemptCount + 1,
      error: result.error,
    });
    if (isOperationalType(delivery.event.type)) return;
    const exhausted = {
      id: delivery.id,
      eventId: publicEventId(delivery.event),
      eventType: delivery.event.type,
      attempts: delivery.attemptCount + 1,
      lastStatusCode: result.statusCode,
      lastError: result.error ?? null,
    };
    await operational.raise({
      type: "herald.delivery.exhausted",
      endpoint: delivery.webhook,
      at: new Date(base.at),
      delivery: exhausted,
    });
  }

  /** After a send: frees a capped endpoint's slot, or moves a FIFO line on when its head settled; either wakes the next waiting delivery. */
  async function releaseLine({ delivery, outcome, applied }: Settlement): Promise<void> {
    const { webhookId, webhook } = delivery;
    if (isInLine(delivery)) {
      const moved =
        applied && (outcome.status === "success" || (outcome.status === "failed" && webhook.fifoOnFailure === "skip"));
      if (moved) await line.release({ webhookId, deliveryId: delivery.id, advanced: true });
    } else if (webhook.maxInFlight) {
      await line.release({ webhookId, deliveryId: delivery.id, advanced: false });
    }
  }

  /** Never throws: the attempt is already recorded, and failing the job now would resend it early. */
  async function settle(s: Settlement): Promise<void> {
    metrics.record(outcomeLabel(s.result, s.outcome), s.result.durationMs);
    await releaseLine(s);
    const { delivery } = s;
    const base = { webhookId: delivery.webhookId, url: delivery.webhook.url, at: new Date().toISOString() };
    const guard = (work: Promise<void>) =>
      work.catch((err: Error) =>
        logger.warn("endpoint health bookkeeping failed", { deliveryId: delivery.id, error: err.message }),
      );
    // A disabled endpoint is reported before the delivery's own failure (which the digest may hold back).
    await guard(
      learn(s).then(async (disabled) => {
        if (disabled) await notifier.notify({ kind: "disabled", ...base, reason: disabled.reason });
      }),
    );
    // A dead-lettered delivery was applied by this attempt alone (recordAttempt is conditional), so it is reported once.
    if (s.applied && s.outcome.status === "failed") await guard(deadLettered(s, base));
  }

  return { admit, settle };
}

export type EndpointPolicy = ReturnType<typeof createEndpointPolicy>;
