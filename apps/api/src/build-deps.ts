import { databaseOf, encryptionKeyOf, redisTargetOf } from "@herald/config";
import { createDb } from "@herald/db";
import { createRedisConnection, describeRedisTarget } from "@herald/queue";
import { createDeliveryQueues } from "@herald/engine";
import type { Telemetry } from "@herald/telemetry";
import type { AppDeps } from "./deps.ts";
import type { ApiEnv } from "./env.ts";
import { createLogger } from "@herald/config";
import { createApiKeyCache } from "./middleware/api-key-cache.ts";
import { createPublishBatcher } from "@herald/engine";

export function buildDeps(env: ApiEnv, telemetry?: Telemetry): AppDeps {
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === "development" }).child({
    service: "api",
  });
  const { key, isDevelopmentKey } = encryptionKeyOf(env);
  if (isDevelopmentKey)
    logger.warn(
      "HERALD_ENCRYPTION_KEY is not set: secrets are sealed with a development key; set it before production use",
    );
  const redisTarget = redisTargetOf(env);
  const redis = createRedisConnection({ ...redisTarget, role: "producer" });
  // ioredis reports each reconnect attempt; one warning per outage is enough.
  let redisDown = false;
  redis.on("error", (err: Error) => {
    if (!redisDown) logger.warn("redis unavailable", { redis: describeRedisTarget(redisTarget), error: err.message });
    redisDown = true;
  });
  redis.on("ready", () => (redisDown = false));
  const db = createDb(databaseOf(env));
  const deliveryQueues = createDeliveryQueues({
    connection: redis,
    prefix: env.HERALD_QUEUE_PREFIX,
    partitions: env.HERALD_QUEUE_PARTITIONS,
  });
  return {
    db,
    redis,
    deliveryQueues,
    logger,
    publisher: createPublishBatcher({ db, deliveryQueues, logger, telemetry }),
    apiKeys: createApiKeyCache(db),
    config: {
      adminKey: env.HERALD_ADMIN_KEY,
      encryptionKey: key,
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
      requirePublicUrl: env.NODE_ENV === "production",
    },
    telemetry,
  };
}
