import { commonEnv, count, days, durationMs, flag, type Kind, loadEnvOrExit, setting, text, url } from "@herald/config";
import { parsePartitionList } from "@herald/engine";
import { telemetryEnv } from "@herald/telemetry";
import { z } from "zod";

const secondsList = {
  schema: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated seconds, e.g. 60,300,1800")
    .transform((v) => v.split(",").map((s) => Number(s.trim()))),
  name: "seconds, comma-separated",
} satisfies Kind<z.ZodType<number[], string>>;

/** Endpoint health settings: circuit breaker, auto-disable, notifications, metrics. */
const healthEnv = {
  HERALD_CIRCUIT_THRESHOLD: setting(count(), {
    default: 10,
    description: "consecutive failed attempts that open an endpoint's circuit",
  }),
  HERALD_CIRCUIT_PROBE_INTERVAL_MS: setting(durationMs, {
    default: 30_000,
    description: "while a circuit is open, one probe per interval; the endpoint's other deliveries wait",
  }),
  HERALD_AUTO_DISABLE_AFTER_DAYS: setting(days, {
    default: 5,
    description:
      "an endpoint whose attempts have all failed for this long is disabled " +
      "(see [Endpoint health](operations.md#endpoint-health-and-operator-tools))",
  }),
  // Kept for deployments and drills that set it, which it still serves; a warning at start-up names its replacement.
  HERALD_AUTO_DISABLE_AFTER_MS: setting(durationMs, {
    replacedBy: "HERALD_AUTO_DISABLE_AFTER_DAYS",
    description: "the same span in milliseconds; while set, it wins over `HERALD_AUTO_DISABLE_AFTER_DAYS`",
  }),
  HERALD_SMTP_URL: setting(url(["smtp:", "smtps:"]), {
    shownDefault: "unset (notifications are logged only)",
    description: "`smtp://user:pass@host:587` or `smtps://...`: where failure notifications are mailed through",
  }),
  HERALD_SMTP_FROM: setting(text({ minLength: 3, message: "must be at least 3 characters" }), {
    default: "Herald <herald@localhost>",
    description: "sender of notification mails",
  }),
  HERALD_NOTIFY_DIGEST_WINDOW_MS: setting(durationMs, {
    default: 15 * 60_000,
    description: "per recipient, the first incident mails at once; later ones within this window go into one digest",
  }),
  HERALD_METRICS_FLUSH_MS: setting(durationMs, {
    default: 1_000,
    description: "how often a worker adds its counters to the shared ones in Redis (read by the API's `/metrics`)",
  }),
};

export const workerEnvSchema = commonEnv
  .extend({
    HERALD_WORKER_CONCURRENCY: setting(count(), {
      default: 50,
      description: "in-flight deliveries per worker process",
    }),
    HERALD_WORKER_PARTITIONS: setting(text({ name: "partitions, e.g. `0-3,6`" }), {
      shownDefault: "every partition",
      description: "the queue partitions this worker consumes",
    }),
    HERALD_RETRY_SCHEDULE: setting(secondsList, {
      default: [60, 300, 1800, 7200, 86400],
      description:
        "the waits before each retry of a failed attempt; after the last retry fails, the delivery is dead-lettered",
    }),
    HERALD_SWEEP_INTERVAL_MS: setting(durationMs, {
      default: 30_000,
      description: "how often each worker re-enqueues pending deliveries that have no job",
    }),
    HERALD_SWEEP_GRACE_MS: setting(durationMs, {
      default: 10_000,
      description: "a delivery due for less than this is left to the API's own enqueue",
    }),
    HERALD_SWEEP_BATCH: setting(count(), { default: 500, description: "deliveries checked per sweep" }),
    HERALD_PARTITION_INTERVAL_MS: setting(durationMs, {
      default: 60 * 60 * 1000,
      description: "how often each worker creates the coming days' history partitions (they are made 3 days ahead)",
    }),
    HERALD_JOB_LOCK_MS: setting(durationMs, {
      shownDefault: "`HERALD_DELIVERY_TIMEOUT_MS` + 25000",
      description:
        "how long a worker holds a job between lock renewals; must exceed `HERALD_DELIVERY_TIMEOUT_MS` by 1000 at " +
        "least, so a slow receiver never gets a second concurrent send",
    }),
    HERALD_STALLED_INTERVAL_MS: setting(durationMs, {
      default: 30_000,
      description: "how often workers look for jobs of a dead worker (lock expired)",
    }),
    ...healthEnv,
    HERALD_PROPAGATE_TRACE: setting(flag, {
      default: false,
      description: "send each attempt's `traceparent` to the endpoint (while tracing is on)",
    }),
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
