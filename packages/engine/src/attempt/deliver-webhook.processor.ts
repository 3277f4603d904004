import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { DecryptionError } from "@herald/crypto";
import type { Db } from "@herald/db";
import { createDeliveryStore, type DeliveryStore, type LoadedDelivery, type Outcome } from "../store/delivery-store.ts";
import type { SendInput, SendResult, WebhookClient } from "@herald/delivery";
import { envelopeOf, signedRequest } from "./signed-request.ts";
import { deliveryJobSchema, type DeliveryJobData } from "../queue/delivery-queue.ts";
import type { Telemetry } from "@herald/telemetry";
import type { EndpointPolicy } from "../endpoint/endpoint-policy.ts";
import type { Logger } from "@herald/config";
import { unsendable } from "../webhooks/sendable-webhook.ts";
import { traceAttempt, traceJob, traceStep } from "./trace-delivery.ts";

/** A receiver's Retry-After is honoured up to this, so one answer cannot park a delivery for months. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const JITTER = 0.1;

export interface RetryInput {
  /** Attempts made since the delivery was created or an operator restarted it, including the one that just failed (1-based). */
  attemptsMade: number;
  /** Seconds to wait before each retry (HERALD_RETRY_SCHEDULE). */
  schedule: readonly number[];
  /** From a 429/503 answer. */
  retryAfterMs?: number;
  /** [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * The one place that decides when a failed delivery is tried again: the
 * schedule's next step with ±10 % jitter (so a recovering endpoint is not hit
 * by every delivery in the same second), stretched to a longer Retry-After
 * (bounded). `null` once the schedule is spent: the delivery has failed.
 * 1 + schedule.length attempts in all.
 */
export function nextRetryDelayMs({
  attemptsMade,
  schedule,
  retryAfterMs,
  random = Math.random,
}: RetryInput): number | null {
  const step = schedule[attemptsMade - 1];
  if (step === undefined) return null;
  const jittered = Math.round(step * 1000 * (1 - JITTER + 2 * JITTER * random()));
  if (retryAfterMs !== undefined && retryAfterMs > jittered) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return jittered;
}

export interface ProcessorDeps {
  db: Db;
  /** Loads and attempt records, batched across concurrent jobs; absent, one is made over `db`. */
  store?: DeliveryStore;
  client: WebhookClient;
  encryptionKey: string;
  /** Seconds between retries (HERALD_RETRY_SCHEDULE). */
  schedule: readonly number[];
  logger: Logger;
  random?: () => number;
  /** Rate limit, circuit breaker, auto-disable, notifications, metrics; absent, every attempt goes out. */
  endpoints?: EndpointPolicy;
  /** Present when tracing is on (an OTLP endpoint is set): each job and attempt is a span. */
  telemetry?: Telemetry;
  /** Send the attempt span's `traceparent` to the receiver (HERALD_PROPAGATE_TRACE; tracing on only). */
  propagateTrace?: boolean;
}

export type DeliveryJob = Job<DeliveryJobData>;

async function attempt(deps: ProcessorDeps, delivery: LoadedDelivery, attemptNumber: number): Promise<SendResult> {
  const { event, webhook } = delivery;
  let input: SendInput;
  try {
    input = signedRequest({
      webhook,
      event: envelopeOf(event),
      // webhook-id is the delivery id: one per (event, endpoint), the same on every retry.
      messageId: delivery.id,
      attempt: attemptNumber,
      encryptionKey: deps.encryptionKey,
    });
  } catch (err) {
    if (!(err instanceof DecryptionError)) throw err;
    // Not the endpoint's fault and not fixable by resending now; the schedule gives an operator time to restore the key.
    return {
      ok: false,
      statusCode: null,
      durationMs: 0,
      error: "the webhook secret or header values cannot be decrypted with HERALD_ENCRYPTION_KEY",
      responseBody: null,
      responseHeaders: null,
    };
  }
  if (!deps.telemetry) return deps.client.send(input);
  return traceAttempt(deps.telemetry, {
    input,
    propagate: deps.propagateTrace ?? false,
    send: (traced) => deps.client.send(traced),
  });
}

function decide(deps: ProcessorDeps, result: SendResult, attemptsMade: number): Outcome {
  if (result.ok) return { status: "success" };
  const delay = nextRetryDelayMs({
    attemptsMade,
    schedule: deps.schedule,
    retryAfterMs: result.retryAfterMs,
    random: deps.random,
  });
  return delay === null ? { status: "failed" } : { status: "pending", retryAt: new Date(Date.now() + delay) };
}

/**
 * One delivery attempt per job run. The job carries the delivery id only;
 * Postgres holds the truth (status, attempt count, next attempt), so this
 * returns early for anything already settled and a rebuilt job behaves like
 * the original. A failed attempt moves this same job to delayed until the
 * next retry; the last failure fails the job, which keeps it in the
 * dashboard's failed list.
 */
export function createDeliveryProcessor(deps: ProcessorDeps) {
  const store = deps.store ?? createDeliveryStore({ db: deps.db });
  async function processDelivery(job: DeliveryJob, token?: string): Promise<string> {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("job data is not a delivery reference");
    const { deliveryId } = parsed.data;
    let delivery = await traceStep(deps.telemetry, "load delivery", () => store.load(deliveryId));
    if (!delivery) return "gone";
    if (delivery.status === "failed" && (await store.reviveFailed(deliveryId))) delivery = await store.load(deliveryId);
    if (delivery?.status !== "pending") return delivery?.status ?? "gone";
    const why = unsendable(delivery.webhook);
    if (why === "deleted") {
      await store.cancel(deliveryId);
      return "cancelled";
    }
    // Stays pending: the sweeper picks it up again if the webhook is re-enabled.
    if (why === "disabled") return "webhook_disabled";

    const { endpoints } = deps;
    const admission = endpoints
      ? await traceStep(deps.telemetry, "admit", () => endpoints.admit(delivery))
      : ({ send: true, probe: false, failures: 0 } as const);
    if (!admission.send) {
      // Not an attempt: the job waits in delayed, holding no worker slot, until its endpoint may be tried.
      await job.moveToDelayed(Date.now() + admission.waitMs, token);
      throw new DelayedError();
    }
    // Numbers go on across manual retries (attempt 6 after 5); the schedule counts from the last restart.
    const attemptNumber = delivery.attemptCount + 1;
    const at = new Date();
    const result = await attempt(deps, delivery, attemptNumber);
    const outcome = decide(deps, result, attemptNumber - delivery.attemptsAtRestart);
    const applied = await traceStep(deps.telemetry, "record attempt", () =>
      store.recordAttempt({ deliveryId, attemptNumber, result, outcome, at }),
    );
    await deps.endpoints?.settle({ delivery, admission, result, outcome, applied });
    // Successes at debug: one line per delivery would dominate the logs at volume (and so would a child logger per job).
    const level = result.ok ? "debug" : "info";
    if (deps.logger.isLevelEnabled(level)) {
      deps.logger.log(level, result.ok ? "delivered" : "attempt failed", {
        deliveryId,
        attempt: attemptNumber,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error ?? undefined,
        next: outcome.status,
      });
    }
    if (!applied) return "superseded";
    if (outcome.status === "pending") {
      await job.moveToDelayed(outcome.retryAt.getTime(), token);
      throw new DelayedError();
    }
    if (outcome.status === "failed")
      throw new UnrecoverableError(`gave up after ${attemptNumber} attempts: ${result.error ?? "failed"}`);
    return "success";
  }
  const { telemetry } = deps;
  // Tracing off: the processor itself, nothing wrapped.
  return telemetry
    ? (job: DeliveryJob, token?: string) => traceJob(telemetry, job, () => processDelivery(job, token))
    : processDelivery;
}
