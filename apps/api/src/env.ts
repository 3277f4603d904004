import { booleanFlag, commonEnv, loadEnvOrExit, positiveInt, SECRET_ROTATION_OVERLAP_MS } from "@herald/config";
import { telemetryEnv } from "@herald/telemetry";
import { z } from "zod";
import { TENANT_BYTES_IN_FLIGHT, TENANT_BYTES_PER_SECOND } from "./middleware/tenant-share.ts";

const apiEnvSchema = commonEnv.extend({
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int()
    .min(0)
    .max(65535, "must be a port number")
    .default(3000),
  HOST: z.string().default("0.0.0.0"),
  HERALD_ADMIN_KEY: z.string().min(20, "must be at least 20 characters").optional(),
  HERALD_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must look like 256kb or 1mb")
    .default("1mb"),
  // Request body bytes one tenant may have in processing at once; more waits its turn (middleware/tenant-share.ts).
  HERALD_TENANT_BYTES_IN_FLIGHT: positiveInt(TENANT_BYTES_IN_FLIGHT),
  // ... and may start per second, on average; more waits its turn.
  HERALD_TENANT_BYTES_PER_SECOND: positiveInt(TENANT_BYTES_PER_SECOND),
  HERALD_MAX_WEBHOOKS_PER_TENANT: positiveInt(50),
  HERALD_RETENTION_DAYS: positiveInt(30),
  HERALD_STRICT_EVENT_TYPES: booleanFlag(false),
  HERALD_SECRET_ROTATION_OVERLAP_MS: positiveInt(SECRET_ROTATION_OVERLAP_MS),
  HERALD_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Space-separated origins; each becomes a CSP frame-ancestors source, so nothing else may slip in.
  HERALD_PORTAL_FRAME_ANCESTORS: z
    .string()
    .default("")
    .transform((value) => value.split(/\s+/).filter(Boolean))
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
            "must be space-separated origins like https://app.example.com",
          ),
      ),
    ),
  HERALD_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://herald.example.com" })
    .optional(),
  ...telemetryEnv,
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function loadApiEnv(env: Record<string, string | undefined> = process.env): ApiEnv {
  return loadEnvOrExit(apiEnvSchema, env);
}
