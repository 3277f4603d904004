import { durationMs, flag, oneOf, ratio, setting, text, url } from "@herald/config";
import { z } from "zod";

/**
 * The standard OpenTelemetry variables Herald reads, validated at start-up
 * with the rest of each app's environment (both apps spread this into their
 * schema). Tracing is on when either endpoint is set; the exporter itself
 * also reads the OTEL_EXPORTER_OTLP_* variables it knows (headers, timeout,
 * certificates).
 */
export const telemetryEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: setting(url(["http:", "https:"]), {
    description:
      "an OTLP/HTTP collector's base URL (its HTTP port, 4318, not gRPC's 4317): spans go to `<url>/v1/traces`, " +
      "OTLP metrics to `<url>/v1/metrics`. Set: tracing on (see [Tracing](tracing.md))",
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: setting(url(["http:", "https:"]), {
    description: "the full traces URL; set alone, tracing is on without OTLP metrics",
  }),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: setting(url(["http:", "https:"]), {
    description: "the full metrics URL (metrics are exported only while tracing is on)",
  }),
  // Read by the exporter itself; declared so that it is documented with the rest.
  OTEL_EXPORTER_OTLP_HEADERS: setting(text(), {
    description:
      "`key=value,...` sent with each export (e.g. a vendor's API key); the exporter also reads the other " +
      "standard `OTEL_EXPORTER_OTLP_*` variables (timeout, compression, certificates)",
  }),
  OTEL_SDK_DISABLED: setting(flag, { default: false, description: "`true`: no tracing, whatever the endpoint" }),
  OTEL_SERVICE_NAME: setting(text(), {
    shownDefault: "`herald-api` / `herald-worker`",
    description: "`service.name` of the spans and metrics; `OTEL_RESOURCE_ATTRIBUTES` adds resource attributes",
  }),
  OTEL_TRACES_SAMPLER: setting(
    oneOf([
      "always_on",
      "always_off",
      "traceidratio",
      "parentbased_always_on",
      "parentbased_always_off",
      "parentbased_traceidratio",
    ]),
    { default: "parentbased_always_on", description: "which spans are recorded" },
  ),
  OTEL_TRACES_SAMPLER_ARG: setting(ratio, { default: 1, description: "the ratio of the `traceidratio` samplers" }),
  OTEL_BSP_SCHEDULE_DELAY: setting(durationMs, { default: 5000, description: "how often buffered spans are sent" }),
  OTEL_METRIC_EXPORT_INTERVAL: setting(durationMs, { default: 60000, description: "how often OTLP metrics are sent" }),
};

const telemetryEnvSchema = z.object(telemetryEnv);
export type TelemetryEnv = z.infer<typeof telemetryEnvSchema>;
