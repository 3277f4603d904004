import { createLogger, databaseOf, encryptionKeyOf, redisTargetOf } from "@herald/config";
import { createDb, exitUnlessPostgresUsable, prepareHistoryPartitions, sealLegacyHeaders, sqlPool } from "@herald/db";
import {
  createDeliveryStore,
  createDeliveryQueues,
  buildEndpointServices,
  healthSettingsOf,
  createDeliveryWorker,
  createSweeper,
} from "@herald/engine";
import { createWebhookClient, sealHeaders } from "@herald/delivery";
import { createRedisConnection, describeRedisTarget, exitUnlessRedisUsable } from "@herald/queue";
import { startTelemetry } from "@herald/telemetry";
import { loadWorkerEnv } from "./env.ts";

const env = loadWorkerEnv();
const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === "development" }).child({
  service: "worker",
});
const { key, isDevelopmentKey } = encryptionKeyOf(env);
if (isDevelopmentKey) logger.warn("HERALD_ENCRYPTION_KEY is not set: using the development key");
const telemetry = await startTelemetry({ serviceName: "herald-worker", env });
if (telemetry) {
  logger.info(
    `tracing on: spans go to ${telemetry.tracesEndpoint}${env.HERALD_PROPAGATE_TRACE ? ", receivers get traceparent" : ""}`,
  );
  telemetry.onProblem((problem) => logger.warn("opentelemetry", { problem }));
} else if (env.HERALD_PROPAGATE_TRACE)
  logger.warn("HERALD_PROPAGATE_TRACE is set but no OTLP endpoint is: tracing is off and no traceparent is sent");

await exitUnlessPostgresUsable(env.DATABASE_URL);
const db = createDb(databaseOf(env));
// Header values an older Herald stored in clear are sealed before this worker sends any (the API does the same).
const sealed = await sealLegacyHeaders(db, (headers) => sealHeaders(headers, key));
if (sealed) logger.info(`sealed the custom header values of ${sealed} webhook(s) stored in clear`);
// Concurrent jobs' loads and attempt records share one statement per event-loop turn.
const store = createDeliveryStore({ db, maxBatch: env.HERALD_WORKER_CONCURRENCY });
// One connection for the worker's commands and the sweeper's queue; BullMQ adds its own blocking connection.
const redisTarget = redisTargetOf(env);
const connection = createRedisConnection({ ...redisTarget, role: "worker" });
// Unreachable at start: one line and exit 1. Later outages: one warning each.
await exitUnlessRedisUsable({ client: connection, target: redisTarget, role: "worker" });
let redisDown = false;
connection.on("error", (err: Error) => {
  if (!redisDown) logger.warn("redis unavailable", { redis: describeRedisTarget(redisTarget), error: err.message });
  redisDown = true;
});
connection.on("ready", () => (redisDown = false));

const queues = createDeliveryQueues({
  connection,
  prefix: env.HERALD_QUEUE_PREFIX,
  partitions: env.HERALD_QUEUE_PARTITIONS,
  enqueueTimeoutMs: env.HERALD_ENQUEUE_TIMEOUT_MS,
  log: logger,
});
const client = createWebhookClient({
  allowHttp: env.HERALD_ALLOW_HTTP,
  allowPrivateTargets: env.HERALD_ALLOW_PRIVATE_TARGETS,
  timeoutMs: env.HERALD_DELIVERY_TIMEOUT_MS,
});
const endpoints = buildEndpointServices({
  db,
  redis: connection,
  queues,
  prefix: env.HERALD_QUEUE_PREFIX,
  logger,
  settings: healthSettingsOf(env),
  instruments: telemetry?.metrics,
});
if (!env.HERALD_SMTP_URL) logger.info("HERALD_SMTP_URL is not set: failure notifications are logged, not mailed");
const worker = createDeliveryWorker(
  {
    db,
    store,
    client,
    encryptionKey: key,
    schedule: env.HERALD_RETRY_SCHEDULE,
    logger,
    endpoints: endpoints.policy,
    telemetry,
    propagateTrace: env.HERALD_PROPAGATE_TRACE,
  },
  {
    connection,
    prefix: env.HERALD_QUEUE_PREFIX,
    concurrency: env.HERALD_WORKER_CONCURRENCY,
    lockDurationMs: env.HERALD_JOB_LOCK_MS,
    stalledIntervalMs: env.HERALD_STALLED_INTERVAL_MS,
    partitions: env.workerPartitions,
  },
);
const sweeper = createSweeper({
  db,
  queues,
  logger,
  intervalMs: env.HERALD_SWEEP_INTERVAL_MS,
  graceMs: env.HERALD_SWEEP_GRACE_MS,
  batchSize: env.HERALD_SWEEP_BATCH,
});

// The history tables' daily partitions, created ahead (any worker may; creation is serialised in Postgres).
const keepPartitions = () => prepareHistoryPartitions(sqlPool(db), logger);
await keepPartitions();
const partitionTimer = setInterval(() => void keepPartitions(), env.HERALD_PARTITION_INTERVAL_MS);
partitionTimer.unref();

void worker.run().catch((err: Error) => {
  logger.error("worker stopped", { error: err.message });
  process.exit(1);
});
sweeper.start();
endpoints.start();
logger.info(
  `Herald worker started (concurrency ${env.HERALD_WORKER_CONCURRENCY}, queue prefix ${env.HERALD_QUEUE_PREFIX}, ` +
    `partitions ${env.workerPartitions.join(",")} of ${env.HERALD_QUEUE_PARTITIONS}, ${describeRedisTarget(redisTarget)})`,
);

let stopping = false;
// SIGTERM: take no new jobs, let in-flight POSTs finish (bounded by the HTTP timeout), then exit 0.
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight deliveries`);
  const force = setTimeout(() => {
    logger.error("shutdown took too long; exiting");
    process.exit(1);
  }, env.HERALD_DELIVERY_TIMEOUT_MS + 15_000);
  force.unref();
  clearInterval(partitionTimer);
  await sweeper.stop();
  await worker.close();
  await store.close();
  await endpoints.stop();
  await queues.close();
  client.close();
  // The last jobs' spans and the metrics' last interval, before the process ends.
  await telemetry?.shutdown();
  await Promise.allSettled([db.$disconnect(), connection.quit()]);
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
