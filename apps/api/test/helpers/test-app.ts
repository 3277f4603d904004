import { randomBytes } from "node:crypto";
import type { Express } from "express";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createRedisConnection } from "@herald/queue";
import { createDeliveryQueues, createPublishBatcher } from "@herald/engine";
import { createWebhookClient } from "@herald/delivery";
import type { Redis } from "ioredis";
import { createApp } from "../../src/app.ts";
import type { AppConfig, AppDeps } from "../../src/deps.ts";
import { apiEnvSchema } from "../../src/env.ts";
import { createLogger, type Logger, parseEnv } from "@herald/config";
import { createApiKeyCache } from "../../src/middleware/api-key-cache.ts";

export interface TestApp {
  app: Express;
  deps: AppDeps;
  database: TestDatabase;
  adminKey: string;
  /** `Authorization` header value for the admin key. */
  admin: string;
  close(): Promise<void>;
}

export const TEST_REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * An app over its own database (cloned from the migrated template) and its
 * own Redis key prefix, so suites run beside each other and a dev server.
 */
export async function createTestApp(
  label: string,
  config: Partial<AppConfig> = {},
  {
    redisUrl = TEST_REDIS_URL,
    logger,
    database: given,
    partitions = 1,
  }: { redisUrl?: string; logger?: Logger; database?: TestDatabase; partitions?: number } = {},
): Promise<TestApp> {
  // A given database (e.g. one migrated from an older schema) is dropped by close() too.
  const database = given ?? (await createTestDatabase(label));
  const redis: Redis = createRedisConnection({ url: redisUrl, role: "producer" });
  const adminKey = `test-admin-${randomBytes(16).toString("hex")}`;
  const queuePrefix = config.queuePrefix ?? `herald-test-${label}-${randomBytes(4).toString("hex")}`;
  const deliveryQueues = createDeliveryQueues({ connection: redis, prefix: queuePrefix, partitions });
  const appLogger = logger ?? createLogger({ level: "error", silent: !process.env.HERALD_TEST_LOGS });
  const settings = {
    ...parseEnv(apiEnvSchema, {}).config,
    adminKey,
    encryptionKey: randomBytes(32).toString("hex"),
    queuePrefix,
    bodyLimit: "256kb",
    allowHttp: true,
    allowPrivateTargets: true,
    deliveryTimeoutMs: 2000,
    ...config,
  };
  const deps: AppDeps = {
    db: database.db,
    redis,
    deliveryQueues,
    logger: appLogger,
    publisher: createPublishBatcher({ db: database.db, deliveryQueues }),
    apiKeys: createApiKeyCache(database.db),
    // The defaults of every setting, as an unconfigured API has them, but for what tests need otherwise.
    config: settings,
    webhookClient: createWebhookClient({
      allowHttp: settings.allowHttp,
      allowPrivateTargets: settings.allowPrivateTargets,
      timeoutMs: settings.deliveryTimeoutMs,
    }),
  };
  return {
    app: createApp(deps),
    deps,
    database,
    adminKey,
    admin: `Bearer ${adminKey}`,
    async close() {
      const keys = await redis.keys(`${deps.config.queuePrefix}:*`).catch(() => []);
      if (keys.length) await redis.del(...keys).catch(() => undefined);
      await deps.publisher.close();
      await deps.deliveryQueues.close().catch(() => undefined);
      deps.webhookClient.close();
      redis.disconnect();
      await database.drop();
    },
  };
}
