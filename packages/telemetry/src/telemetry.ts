import type * as otel from "@opentelemetry/api";

/** The parts of the OpenTelemetry API Herald uses, loaded with the SDK. */
export type OtelApi = Pick<
  typeof otel,
  "context" | "trace" | "propagation" | "SpanKind" | "SpanStatusCode" | "ROOT_CONTEXT"
>;

/** How an attempt ended: delivered, failed with a retry scheduled, or failed into the dead-letter queue (the metrics' outcome label). */
export type AttemptOutcome = "success" | "retry" | "failed";

/** OTLP instruments, the same figures as the Prometheus metrics. */
export interface HeraldInstruments {
  /** Events committed by a publish (replays do not count). */
  eventAccepted(): void;
  attempt(outcome: AttemptOutcome, durationMs: number): void;
}

/**
 * Tracing (and OTLP metrics) of one process, present only when an OTLP
 * endpoint is configured. Code on hot paths holds a `Telemetry | undefined`
 * and tests it once: with tracing off nothing is created, and modules that
 * trace import only types from @opentelemetry/api, so nothing of
 * OpenTelemetry is even loaded.
 */
export interface Telemetry {
  api: OtelApi;
  tracer: otel.Tracer;
  metrics: HeraldInstruments;
  /** The context a W3C `traceparent` (a publisher's header, a job's data) continues; the root context when absent or malformed. */
  contextOf(carrier: { traceparent?: string; tracestate?: string }): otel.Context;
  /** Where spans are sent (for the start-up log). */
  tracesEndpoint: string;
  /** Gets the SDK's warnings and errors (a failed export, say), at most one a minute. */
  onProblem(report: (message: string) => void): void;
  /** Exports what is buffered and stops; bounded, so a dead collector cannot hold up a shutdown. */
  shutdown(): Promise<void>;
}
