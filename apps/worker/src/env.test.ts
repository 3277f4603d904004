import { parseEnv } from "@herald/config";
import { tracingRequested } from "@herald/telemetry";
import { workerEnvSchema } from "./env.ts";

describe("worker env", () => {
  it("defaults the job lock to outlast the HTTP timeout", () => {
    const env = parseEnv(workerEnvSchema, { HERALD_DELIVERY_TIMEOUT_MS: "8000" });
    expect(env.HERALD_JOB_LOCK_MS).toBe(33_000);
    expect(env.HERALD_RETRY_SCHEDULE).toEqual([60, 300, 1800, 7200, 86400]);
  });

  it("parses a retry schedule and refuses a lock shorter than the timeout", () => {
    expect(parseEnv(workerEnvSchema, { HERALD_RETRY_SCHEDULE: " 1, 2 ,3" }).HERALD_RETRY_SCHEDULE).toEqual([1, 2, 3]);
    expect(() => parseEnv(workerEnvSchema, { HERALD_RETRY_SCHEDULE: "1,,2" })).toThrow(
      /HERALD_RETRY_SCHEDULE: must be comma-separated seconds/,
    );
    expect(() => parseEnv(workerEnvSchema, { HERALD_DELIVERY_TIMEOUT_MS: "5000", HERALD_JOB_LOCK_MS: "5000" })).toThrow(
      /HERALD_JOB_LOCK_MS: must exceed HERALD_DELIVERY_TIMEOUT_MS/,
    );
  });

  it("consumes every partition unless told which", () => {
    expect(parseEnv(workerEnvSchema, { HERALD_QUEUE_PARTITIONS: "4" }).workerPartitions).toEqual([0, 1, 2, 3]);
    expect(parseEnv(workerEnvSchema, {}).workerPartitions).toEqual([0]);
    expect(
      parseEnv(workerEnvSchema, { HERALD_QUEUE_PARTITIONS: "8", HERALD_WORKER_PARTITIONS: "0-2,7" }).workerPartitions,
    ).toEqual([0, 1, 2, 7]);
    expect(() => parseEnv(workerEnvSchema, { HERALD_QUEUE_PARTITIONS: "4", HERALD_WORKER_PARTITIONS: "4" })).toThrow(
      /HERALD_WORKER_PARTITIONS: partition 4 does not exist/,
    );
  });

  it("leaves tracing off and trace propagation off by default, and names a bad OTLP endpoint", () => {
    const env = parseEnv(workerEnvSchema, {});
    expect(tracingRequested(env)).toBe(false);
    expect(env.HERALD_PROPAGATE_TRACE).toBe(false);
    expect(tracingRequested(parseEnv(workerEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }))).toBe(
      true,
    );
    expect(
      tracingRequested(
        parseEnv(workerEnvSchema, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" }),
      ),
    ).toBe(true);
    // Metrics alone do not start the SDK; OTEL_SDK_DISABLED wins over any endpoint.
    expect(
      tracingRequested(
        parseEnv(workerEnvSchema, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://collector:4318/v1/metrics" }),
      ),
    ).toBe(false);
    expect(
      tracingRequested(
        parseEnv(workerEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }),
      ),
    ).toBe(false);
    expect(() => parseEnv(workerEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(() => parseEnv(workerEnvSchema, { OTEL_TRACES_SAMPLER_ARG: "2" })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG: must be between 0 and 1/,
    );
  });
});
