import type { TestApp } from "./test-app.ts";

/** The worker's environment for a test app: same database, Redis prefix and encryption key; short timings. */
export function workerEnvFor(t: TestApp, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.database.url,
    DATABASE_POOL_SIZE: "4",
    REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    HERALD_QUEUE_PREFIX: t.deps.config.queuePrefix,
    HERALD_ENCRYPTION_KEY: t.deps.config.encryptionKey,
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
    HERALD_RETRY_SCHEDULE: "1,1",
    HERALD_DELIVERY_TIMEOUT_MS: "1000",
    HERALD_WORKER_CONCURRENCY: "10",
    HERALD_SWEEP_INTERVAL_MS: "500",
    HERALD_SWEEP_GRACE_MS: "1000",
    ...overrides,
  };
}
