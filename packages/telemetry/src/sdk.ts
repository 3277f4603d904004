// Loaded only by startTelemetry, when an OTLP endpoint is set.
import { createRequire } from "node:module";
import * as otel from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { withTimeout } from "@herald/queue";
import { diagnostics } from "./diagnostics.ts";
import { createInstruments, NO_INSTRUMENTS } from "./instruments.ts";
import type { TelemetryOptions } from "./start-telemetry.ts";
import type { Telemetry } from "./telemetry.ts";
import type { TelemetryEnv } from "./telemetry-env.ts";

const SCOPE = "herald";
// service.version, as in the user-agent of deliveries (every Herald package carries the release's version).
const { version: VERSION } = createRequire(import.meta.url)("../package.json") as { version: string };
// A publish batch links to every request it stores (up to 500 by default); the SDK's default keeps 128 links.
const LINK_LIMIT = 1024;
// Longer than this and a shutdown gives up on the collector: the process still exits in time.
const SHUTDOWN_MS = 3_000;

function samplerOf(env: TelemetryEnv): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(env.OTEL_TRACES_SAMPLER_ARG);
  switch (env.OTEL_TRACES_SAMPLER) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio();
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

// Shutdown waits for the exporters at most this long; a late or failed flush is dropped.
const within = (ms: number, work: Promise<unknown>) =>
  withTimeout(work, ms, "the OTLP exporter").catch(() => undefined);

/**
 * The SDK, configured from the standard variables: service.name (or
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES), the sampler, W3C trace
 * context, AsyncLocalStorage context, spans batched to the OTLP/HTTP (JSON)
 * exporter, and metrics when an endpoint for them is set.
 */
export function createTelemetry({ serviceName, env }: TelemetryOptions): Telemetry {
  const onProblem = diagnostics();
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: VERSION }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const tracerProvider = new TracerProvider({
    resource,
    sampler: samplerOf(env),
    spanLimits: { linkCountLimit: LINK_LIMIT },
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY }),
    ],
  });
  otel.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  otel.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  otel.trace.setGlobalTracerProvider(tracerProvider);

  const exportMetrics = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  const meterProvider = exportMetrics
    ? new MeterProvider({
        resource,
        readers: [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
            exportIntervalMillis: env.OTEL_METRIC_EXPORT_INTERVAL,
          }),
        ],
      })
    : undefined;

  return {
    api: otel,
    tracer: tracerProvider.getTracer(SCOPE, VERSION),
    metrics: meterProvider ? createInstruments(meterProvider.getMeter(SCOPE, VERSION)) : NO_INSTRUMENTS,
    contextOf: (carrier) => otel.propagation.extract(otel.ROOT_CONTEXT, carrier),
    onProblem,
    tracesEndpoint:
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/$/, "")}/v1/traces`,
    async shutdown() {
      await within(SHUTDOWN_MS, Promise.all([tracerProvider.shutdown(), meterProvider?.shutdown()]));
    },
  };
}
