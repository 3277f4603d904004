import { positiveInt } from "@herald/config";
import { z } from "zod";

const optionalPositive = z.coerce.number({ message: "must be a number" }).int("must be a whole number").positive("must be positive").optional();

/** Endpoint health settings: circuit breaker, auto-disable, notifications, metrics. */
export const healthEnv = {
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
    .refine((v) => URL.canParse(v) && ["smtp:", "smtps:"].includes(new URL(v).protocol), "must be an smtp:// or smtps:// URL")
    .optional(),
  HERALD_SMTP_FROM: z.string().min(3).default("Herald <herald@localhost>"),
  // Per recipient: the first incident mails at once, later ones within this window go into one digest.
  HERALD_NOTIFY_DIGEST_WINDOW_MS: positiveInt(15 * 60_000),
  // How often the worker adds its counters to the shared ones in Redis (read by the API's /metrics).
  HERALD_METRICS_FLUSH_MS: positiveInt(1_000),
};
