import type { Telemetry } from "./telemetry.ts";
import type { TelemetryEnv } from "./telemetry-env.ts";

export interface TelemetryOptions {
  /** service.name unless OTEL_SERVICE_NAME says otherwise: herald-api, herald-worker. */
  serviceName: string;
  env: TelemetryEnv;
}

/** Whether the environment asks for export: an OTLP endpoint is set and the SDK is not disabled. */
export function tracingRequested(env: TelemetryEnv): boolean {
  return !env.OTEL_SDK_DISABLED && Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry when an OTLP endpoint is configured, and answers
 * undefined (having loaded nothing) when none is: the SDK is imported
 * dynamically, here only.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry | undefined> {
  if (!tracingRequested(options.env)) return undefined;
  const { createTelemetry } = await import("./sdk.ts");
  return createTelemetry(options);
}
