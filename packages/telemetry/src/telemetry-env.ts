import { booleanFlag } from "@herald/config";
import { z } from "zod";

const httpUrl = z.string().refine((v) => {
  try {
    return ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");

const SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/**
 * The standard OpenTelemetry variables Herald reads, validated at start-up
 * with the rest of each app's environment (both apps spread this into their
 * schema). Tracing is on when either endpoint is set; the exporter itself
 * also reads the OTEL_EXPORTER_OTLP_* variables it knows (headers, timeout,
 * certificates).
 */
export const telemetryEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: httpUrl.optional(),
  OTEL_SDK_DISABLED: booleanFlag(false),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(SAMPLERS, { message: `must be one of ${SAMPLERS.join(", ")}` })
    .default("parentbased_always_on"),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ message: "must be a number" })
    .min(0, "must be between 0 and 1")
    .max(1, "must be between 0 and 1")
    .optional(),
  // How often buffered spans (and metrics) are sent.
  OTEL_BSP_SCHEDULE_DELAY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .positive("must be positive")
    .default(5000),
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .positive("must be positive")
    .default(60000),
};

const telemetryEnvSchema = z.object(telemetryEnv);
export type TelemetryEnv = z.infer<typeof telemetryEnvSchema>;
