import {
  bytes,
  commonEnv,
  count,
  days,
  durationMs,
  encryptionKeyOf,
  flag,
  type Kind,
  loadEnvOrExit,
  port,
  setting,
  text,
  url,
} from "@herald/config";
import { telemetryEnv } from "@herald/telemetry";
import { z } from "zod";

// Space-separated origins; each becomes a CSP frame-ancestors source, so nothing else may slip in.
const origins = {
  schema: z
    .string()
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
  name: "origins, space-separated",
} satisfies Kind<z.ZodType<string[], string>>;

/** The API's own variables; each becomes a field of `AppConfig` below, or a server setting. */
const apiSettings = {
  PORT: setting(port, { default: 3000, description: "the API's port" }),
  HOST: setting(text(), { default: "0.0.0.0", description: "the address the API listens on" }),
  HERALD_ADMIN_KEY: setting(text({ minLength: 20, message: "must be at least 20 characters", name: "secret" }), {
    shownDefault: "generated and printed once on first start",
    description: "the admin API key",
  }),
  HERALD_BODY_LIMIT: setting(
    text({ pattern: /^\d+(b|kb|mb)$/i, message: "must look like 256kb or 1mb", name: "size" }),
    {
      default: "1mb",
      description: "the largest request body, e.g. `256kb` or `1mb`; a larger one is a `413`",
    },
  ),
  HERALD_TENANT_BYTES_IN_FLIGHT: setting(bytes, {
    default: 256 * 1024,
    description:
      "request body bytes one tenant (or admin key) may have in processing at once; its further requests wait " +
      "their turn, other tenants' do not (see [Security](security.md))",
  }),
  HERALD_TENANT_BYTES_PER_SECOND: setting(bytes, {
    default: 1024 * 1024,
    description:
      "request body bytes one tenant (or admin key) may start per second, on average (bursts up to a second's " +
      "worth); more waits its turn (see [Security](security.md))",
  }),
  HERALD_MAX_WEBHOOKS_PER_TENANT: setting(count(), { default: 50, description: "webhooks one tenant may have" }),
  HERALD_RETENTION_DAYS: setting(days, {
    default: 30,
    description:
      "`POST /maintenance/purge-expired` drops the days of events, deliveries and attempts older than this " +
      "(see [History and retention](history-and-retention.md))",
  }),
  HERALD_STRICT_EVENT_TYPES: setting(flag, {
    default: false,
    description:
      "refuse (`422`) events whose type is not registered in `/event-types`, or whose `data` fails the type's " +
      "JSON Schema",
  }),
  HERALD_SECRET_ROTATION_OVERLAP_MS: setting(durationMs, {
    default: 24 * 60 * 60 * 1000,
    description: "how long a rotated-out secret or signing key still signs beside the new one",
  }),
  HERALD_METRICS_TOKEN: setting(text({ minLength: 16, message: "must be at least 16 characters", name: "secret" }), {
    shownDefault: "unset (`/metrics` is open)",
    description: "bearer token required by `GET /metrics`",
  }),
  HERALD_PORTAL_FRAME_ANCESTORS: setting(origins, {
    default: [],
    shownDefault: "unset (no framing)",
    description:
      "origins (`https://app.example.com https://admin.example.com`) that may embed the tenant portal " +
      "`/console/portal` in an iframe; the operator console is never frameable",
  }),
  HERALD_PUBLIC_URL: setting(url(["http:", "https:"]), {
    shownDefault: "unset (required in production for portal links)",
    description:
      "origin of [tenant portal links](console-and-portal.md#tenant-portal-links), e.g. `https://herald.example.com`; with " +
      "`NODE_ENV=production` and no value, minting a link answers `503 not_configured`; unset in development, " +
      "links use the address the request reached (never its `Host` header)",
  }),
};

export const apiEnvSchema = commonEnv.extend({ ...apiSettings, ...telemetryEnv }).transform((env) => ({
  ...env,
  /** What the routes and services read, as `deps.config`. */
  config: {
    adminKey: env.HERALD_ADMIN_KEY,
    encryptionKey: encryptionKeyOf(env).key,
    queuePrefix: env.HERALD_QUEUE_PREFIX,
    bodyLimit: env.HERALD_BODY_LIMIT,
    tenantBytesInFlight: env.HERALD_TENANT_BYTES_IN_FLIGHT,
    tenantBytesPerSecond: env.HERALD_TENANT_BYTES_PER_SECOND,
    allowHttp: env.HERALD_ALLOW_HTTP,
    allowPrivateTargets: env.HERALD_ALLOW_PRIVATE_TARGETS,
    maxWebhooksPerTenant: env.HERALD_MAX_WEBHOOKS_PER_TENANT,
    retentionDays: env.HERALD_RETENTION_DAYS,
    strictEventTypes: env.HERALD_STRICT_EVENT_TYPES,
    deliveryTimeoutMs: env.HERALD_DELIVERY_TIMEOUT_MS,
    secretRotationOverlapMs: env.HERALD_SECRET_ROTATION_OVERLAP_MS,
    metricsToken: env.HERALD_METRICS_TOKEN,
    portalFrameAncestors: env.HERALD_PORTAL_FRAME_ANCESTORS,
    publicUrl: env.HERALD_PUBLIC_URL,
    // Without publicUrl, production refuses portal links rather than pointing them at an internal address.
    requirePublicUrl: env.NODE_ENV === "production",
  },
}));

export type ApiEnv = z.infer<typeof apiEnvSchema>;
export type AppConfig = ApiEnv["config"];

export function loadApiEnv(env: Record<string, string | undefined> = process.env): ApiEnv {
  return loadEnvOrExit(apiEnvSchema, env);
}
