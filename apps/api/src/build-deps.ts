import { createWebhookClient } from "@herald/delivery";
import { databaseOf, redisTargetOf, createLogger } from "@herald/config";
import { createDb } from "@herald/db";
import { createRedisConnection, describeRedisTarget } from "@herald/queue";
import { createDeliveryQueues, createPublishBatcher } from "@herald/engine";
import type { Telemetry } from "@herald/telemetry";
import type { AppDeps } from "./deps.ts";
import type { ApiEnv } from "./env.ts";
import { createApiKeyCache } from "./middleware/api-key-cache.ts";

export function buildDeps(env: ApiEnv, telemetry?: Telemetry): AppDeps {
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === "development" }).child({
    service: "api",
  });
  if (!env.HERALD_ENCRYPTION_KEY)
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
    enqueueTimeoutMs: env.HERALD_ENQUEUE_TIMEOUT_MS,
    log: logger,
  });
  return {
    db,
    redis,
    deliveryQueues,
    logger,
    webhookClient: createWebhookClient({
      allowHttp: env.config.allowHttp,
      allowPrivateTargets: env.config.allowPrivateTargets,
      timeoutMs: env.config.deliveryTimeoutMs,
    }),
    publisher: createPublishBatcher({ db, deliveryQueues, telemetry }),
    apiKeys: createApiKeyCache(db),
    config: env.config,
    telemetry,
  };
}
