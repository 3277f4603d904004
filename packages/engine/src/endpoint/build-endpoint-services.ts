import type { Db } from "@herald/db";
import type { RedisClient } from "@herald/queue";
import type { DeliveryQueues } from "../queue/delivery-queue.ts";
import type { HeraldInstruments } from "@herald/telemetry";
import { createCircuitBreaker } from "./circuit-breaker.ts";
import { createEndpointGate } from "./endpoint-gate.ts";
import { createEndpointLine } from "./endpoint-line.ts";
import { createEndpointPolicy, type EndpointPolicy } from "./endpoint-policy.ts";
import type { Logger } from "@herald/config";
import { createMetricsRecorder } from "./metrics-recorder.ts";
import { createNotificationDigest } from "./notification-digest.ts";
import { createNotifier } from "./notifier.ts";
import { createOperationalEvents } from "./operational-events.ts";

export interface HealthSettings {
  circuitThreshold: number;
  probeIntervalMs: number;
  disableAfterMs: number;
  smtpUrl?: string;
  smtpFrom: string;
  digestWindowMs: number;
  metricsFlushMs: number;
  /** How long an in-flight slot is held by a worker that may have died: the job lock. */
  inFlightLeaseMs: number;
}

/** The settings from the worker's environment (healthEnv in env.ts). */
export function healthSettingsOf(env: {
  HERALD_CIRCUIT_THRESHOLD: number;
  HERALD_CIRCUIT_PROBE_INTERVAL_MS: number;
  HERALD_AUTO_DISABLE_AFTER_DAYS: number;
  HERALD_AUTO_DISABLE_AFTER_MS?: number;
  HERALD_SMTP_URL?: string;
  HERALD_SMTP_FROM: string;
  HERALD_NOTIFY_DIGEST_WINDOW_MS: number;
  HERALD_METRICS_FLUSH_MS: number;
  HERALD_JOB_LOCK_MS: number;
}): HealthSettings {
  return {
    circuitThreshold: env.HERALD_CIRCUIT_THRESHOLD,
    probeIntervalMs: env.HERALD_CIRCUIT_PROBE_INTERVAL_MS,
    disableAfterMs: env.HERALD_AUTO_DISABLE_AFTER_MS ?? env.HERALD_AUTO_DISABLE_AFTER_DAYS * 86_400_000,
    smtpUrl: env.HERALD_SMTP_URL,
    smtpFrom: env.HERALD_SMTP_FROM,
    digestWindowMs: env.HERALD_NOTIFY_DIGEST_WINDOW_MS,
    metricsFlushMs: env.HERALD_METRICS_FLUSH_MS,
    inFlightLeaseMs: env.HERALD_JOB_LOCK_MS,
  };
}

export interface EndpointServices {
  policy: EndpointPolicy;
  /** Starts the digest flusher and the metrics flusher. */
  start(): void;
  /** Flushes metrics and stops both timers. */
  stop(): Promise<void>;
}

/** Wires the endpoint-health parts over one Redis connection and the queue prefix; `instruments` also get each attempt (OTLP metrics). */
export function buildEndpointServices({
  db,
  redis,
  queues,
  prefix,
  logger,
  settings,
  instruments,
}: {
  db: Db;
  redis: RedisClient;
  queues: DeliveryQueues;
  prefix: string;
  logger: Logger;
  settings: HealthSettings;
  instruments?: HeraldInstruments;
}): EndpointServices {
  const digest = createNotificationDigest({ redis, prefix, windowMs: settings.digestWindowMs });
  const flushIntervalMs = Math.max(50, Math.min(10_000, Math.floor(settings.digestWindowMs / 5)));
  const notifier = createNotifier({
    db,
    logger,
    digest,
    smtpUrl: settings.smtpUrl,
    from: settings.smtpFrom,
    flushIntervalMs,
  });
  const metrics = createMetricsRecorder({ redis, prefix, flushMs: settings.metricsFlushMs, logger, instruments });
  const policy = createEndpointPolicy({
    db,
    breaker: createCircuitBreaker({
      redis,
      prefix,
      threshold: settings.circuitThreshold,
      probeIntervalMs: settings.probeIntervalMs,
    }),
    gate: createEndpointGate({
      redis,
      prefix,
      probeIntervalMs: settings.probeIntervalMs,
      leaseMs: settings.inFlightLeaseMs,
    }),
    line: createEndpointLine({ redis, prefix, queues, logger }),
    notifier,
    operational: createOperationalEvents({ db, queues }),
    metrics,
    disableAfterMs: settings.disableAfterMs,
    probeIntervalMs: settings.probeIntervalMs,
    logger,
  });
  return {
    policy,
    start() {
      notifier.start();
      metrics.start();
    },
    async stop() {
      await Promise.all([notifier.stop(), metrics.stop()]);
    },
  };
}
