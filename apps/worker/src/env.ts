import { booleanFlag, commonEnv, loadEnvOrExit, positiveInt } from "@herald/config";
import { parsePartitionList } from "@herald/engine";
import { telemetryEnv } from "@herald/telemetry";
import { z } from "zod";

const optionalPositive = z.coerce
  .number({ message: "must be a number" })
  .int("must be a whole number")
  .positive("must be positive")
  .optional();

/** Endpoint health settings: circuit breaker, auto-disable, notifications, metrics. */
const healthEnv = {
  // Consecutive failed attempts that open an endpoint's circuit.
  HERALD_CIRCUIT_THRESHOLD: positiveInt(10),
  // While open, one probe per interval; the other deliveries wait.
  HERALD_CIRCUIT_PROBE_INTERVAL_MS: positiveInt(30_000),
  // An endpoint whose deliveries all failed this long is disabled.
  HERALD_AUTO_DISABLE_AFTER_DAYS: positiveInt(5),
  // The same in milliseconds; wins over the days (for tests and drills).
  HERALD_AUTO_DISABLE_AFTER_MS: optionalPositive,
  HERALD_SMTP_URL: z
    .string()
    .refine(
      (v) => URL.canParse(v) && ["smtp:", "smtps:"].includes(new URL(v).protocol),
      "must be an smtp:// or smtps:// URL",
    )
    .optional(),
  HERALD_SMTP_FROM: z.string().min(3).default("Herald <herald@localhost>"),
  // Per recipient: the first incident mails at once, later ones within this window go into one digest.
  HERALD_NOTIFY_DIGEST_WINDOW_MS: positiveInt(15 * 60_000),
  // How often the worker adds its counters to the shared ones in Redis (read by the API's /metrics).
  HERALD_METRICS_FLUSH_MS: positiveInt(1_000),
};

export const workerEnvSchema = commonEnv
  .extend({
    HERALD_WORKER_CONCURRENCY: positiveInt(50),
    // Partitions this worker consumes, e.g. "0-3,6"; every partition when unset.
    HERALD_WORKER_PARTITIONS: z.string().optional(),
    HERALD_RETRY_SCHEDULE: z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated seconds, e.g. 60,300,1800")
      .default("60,300,1800,7200,86400")
      .transform((v) => v.split(",").map((s) => Number(s.trim()))),
    HERALD_SWEEP_INTERVAL_MS: positiveInt(30_000),
    // A pending delivery younger than this is left to the API's own enqueue.
    HERALD_SWEEP_GRACE_MS: positiveInt(10_000),
    HERALD_SWEEP_BATCH: positiveInt(500),
    // How often each worker creates the coming days' history partitions (they are made 3 days ahead).
    HERALD_PARTITION_INTERVAL_MS: positiveInt(60 * 60 * 1000),
    // How long a worker holds a job without renewing its lock; must outlast
    // the HTTP timeout (default: timeout + 25 s) so a slow receiver never gets a second concurrent send.
    HERALD_JOB_LOCK_MS: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .positive("must be positive")
      .optional(),
    // How often workers look for jobs of a dead worker (lock expired).
    HERALD_STALLED_INTERVAL_MS: positiveInt(30_000),
    ...healthEnv,
    // The attempt's span's traceparent goes to the receiver (when tracing is on).
    HERALD_PROPAGATE_TRACE: booleanFlag(false),
    ...telemetryEnv,
  })
  .transform((env, ctx) => {
    let partitions = Array.from({ length: env.HERALD_QUEUE_PARTITIONS }, (_, i) => i);
    try {
      if (env.HERALD_WORKER_PARTITIONS !== undefined)
        partitions = parsePartitionList(env.HERALD_WORKER_PARTITIONS, env.HERALD_QUEUE_PARTITIONS);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["HERALD_WORKER_PARTITIONS"], message: (err as Error).message });
      return z.NEVER;
    }
    return {
      ...env,
      HERALD_JOB_LOCK_MS: env.HERALD_JOB_LOCK_MS ?? env.HERALD_DELIVERY_TIMEOUT_MS + 25_000,
      workerPartitions: partitions,
    };
  })
  .refine((env) => env.HERALD_JOB_LOCK_MS >= env.HERALD_DELIVERY_TIMEOUT_MS + 1_000, {
    path: ["HERALD_JOB_LOCK_MS"],
    message: "must exceed HERALD_DELIVERY_TIMEOUT_MS by at least 1000",
  });

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  return loadEnvOrExit(workerEnvSchema, env);
}
