// Nothing here loads OpenTelemetry: the SDK is imported by startTelemetry, and only when an endpoint is set.
export { startTelemetry, tracingRequested } from "./start-telemetry.ts";
export type { TelemetryOptions } from "./start-telemetry.ts";
export { telemetryEnv } from "./telemetry-env.ts";
export type { TelemetryEnv } from "./telemetry-env.ts";
export { traceparentOf } from "./traceparent.ts";
export type { AttemptOutcome, HeraldInstruments, OtelApi, Telemetry } from "./telemetry.ts";
