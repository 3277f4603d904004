import { LATENCY_BUCKETS_S, metricsKeys, type RedisClient } from "@herald/queue";
import type { AttemptOutcome, HeraldInstruments } from "@herald/telemetry";
import type { Logger } from "@herald/config";

export type { AttemptOutcome };

/** The histogram field an attempt of `seconds` counts in (its smallest upper bound). */
export function latencyBucket(seconds: number): string {
  const bound = LATENCY_BUCKETS_S.find((b) => seconds <= b);
  return bound === undefined ? "+Inf" : String(bound);
}

/**
 * Counts attempts in memory and adds them to shared counters in Redis every
 * flush interval, so the API's /metrics shows the sum over every worker
 * process (and counters survive worker restarts) without a Redis round trip
 * per delivery. Buckets are stored non-cumulative; the API accumulates them.
 * With OTLP metrics on, each attempt also goes to `instruments`.
 */
export function createMetricsRecorder({
  redis,
  prefix,
  flushMs,
  logger,
  instruments,
}: {
  redis: RedisClient;
  prefix: string;
  flushMs: number;
  logger: Logger;
  instruments?: HeraldInstruments;
}) {
  const keys = metricsKeys(prefix);
  let outcomes = new Map<string, number>();
  let latency = new Map<string, number>();
  let sum = 0;
  let timer: NodeJS.Timeout | undefined;

  const bump = (map: Map<string, number>, field: string) => map.set(field, (map.get(field) ?? 0) + 1);

  async function flush(): Promise<void> {
    if (outcomes.size === 0) return;
    const [o, l, s] = [outcomes, latency, sum];
    outcomes = new Map();
    latency = new Map();
    sum = 0;
    const multi = redis.multi();
    for (const [field, n] of o) multi.hincrby(keys.outcomes, field, n);
    for (const [field, n] of l) multi.hincrby(keys.latency, field, n);
    multi.hincrbyfloat(keys.latency, "sum", s);
    multi.hincrby(
      keys.latency,
      "count",
      [...o.values()].reduce((a, b) => a + b, 0),
    );
    await multi.exec();
  }

  return {
    record(outcome: AttemptOutcome, durationMs: number): void {
      bump(outcomes, outcome);
      bump(latency, latencyBucket(durationMs / 1000));
      sum += durationMs / 1000;
      instruments?.attempt(outcome, durationMs);
    },
    flush,
    start(): void {
      timer = setInterval(
        () => void flush().catch((err: Error) => logger.warn("metrics flush failed", { error: err.message })),
        flushMs,
      );
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush().catch(() => undefined);
    },
  };
}

export type MetricsRecorder = ReturnType<typeof createMetricsRecorder>;
