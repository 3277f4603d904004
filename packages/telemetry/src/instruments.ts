import type { Meter } from "@opentelemetry/api";
import { LATENCY_BUCKETS_S } from "@herald/queue";
import type { HeraldInstruments } from "./telemetry.ts";

export const NO_INSTRUMENTS: HeraldInstruments = { eventAccepted: () => undefined, attempt: () => undefined };

/** The OTLP twins of the Prometheus metrics (events accepted, attempts by outcome, attempt duration on the same buckets). */
export function createInstruments(meter: Meter): HeraldInstruments {
  const accepted = meter.createCounter("herald.events.accepted", {
    description: "Events committed by a publish",
    unit: "{event}",
  });
  const attempts = meter.createCounter("herald.delivery.attempts", {
    description: "Delivery attempts by outcome (success, retry, failed)",
    unit: "{attempt}",
  });
  const duration = meter.createHistogram("herald.delivery.attempt.duration", {
    description: "Duration of delivery attempts",
    unit: "s",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
  });
  return {
    eventAccepted: () => accepted.add(1),
    attempt(outcome, durationMs) {
      attempts.add(1, { "herald.outcome": outcome });
      duration.record(durationMs / 1000, { "herald.outcome": outcome });
    },
  };
}
