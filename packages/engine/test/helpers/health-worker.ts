import { randomBytes } from "node:crypto";
import type { Db } from "@herald/db";
import { createWebhookClient } from "@herald/delivery";
import { createRedisConnection } from "@herald/queue";
import { createDeliveryQueues, type DeliveryQueues, enqueueDeliveries } from "../../src/queue/delivery-queue.ts";
import type { Redis } from "ioredis";
import {
  buildEndpointServices,
  type EndpointServices,
  type HealthSettings,
} from "../../src/endpoint/build-endpoint-services.ts";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/attempt/delivery-worker.ts";
import { createLogger } from "@herald/config";

export const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const defaultSettings: HealthSettings = {
  circuitThreshold: 10,
  probeIntervalMs: 60_000,
  disableAfterMs: 5 * 86_400_000,
  smtpFrom: "Herald <herald@test.invalid>",
  digestWindowMs: 60_000,
  metricsFlushMs: 200,
  inFlightLeaseMs: 30_000,
};

export interface HealthWorker {
  prefix: string;
  queues: DeliveryQueues;
  connection: Redis;
  worker: DeliveryWorker;
  services: EndpointServices;
  enqueue(ids: string[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * An in-process delivery worker with the endpoint policy wired as main.ts
 * does, on a queue prefix of its own (so suites and workers never share jobs).
 */
export async function startHealthWorker({
  db,
  encryptionKey,
  settings = {},
  concurrency = 10,
  timeoutMs = 1000,
  schedule = [60],
}: {
  db: Db;
  encryptionKey: string;
  settings?: Partial<HealthSettings>;
  concurrency?: number;
  timeoutMs?: number;
  schedule?: number[];
}): Promise<HealthWorker> {
  const prefix = `herald-test-health-${randomBytes(4).toString("hex")}`;
  const logger = createLogger({ silent: !process.env.HERALD_TEST_LOGS, level: "debug" });
  const connection = createRedisConnection({ url: REDIS_URL, role: "worker" });
  const queues = createDeliveryQueues({ connection, prefix });
  const client = createWebhookClient({ allowHttp: true, allowPrivateTargets: true, timeoutMs });
  const services = buildEndpointServices({
    db,
    redis: connection,
    queues,
    prefix,
    logger,
    settings: { ...defaultSettings, ...settings },
  });
  const worker = createDeliveryWorker(
    { db, client, encryptionKey, schedule, logger, random: () => 0.5, endpoints: services.policy },
    { connection, prefix, concurrency, lockDurationMs: timeoutMs + 5000, stalledIntervalMs: 5000 },
  );
  void worker.run();
  services.start();
  return {
    prefix,
    queues,
    connection,
    worker,
    services,
    async enqueue(ids) {
      // In the order given (tests interleave endpoints' deliveries); the webhook picks the partition.
      const rows = await db.delivery.findMany({ where: { id: { in: ids } }, select: { id: true, webhookId: true } });
      const webhookOf = new Map(rows.map((r) => [r.id, r.webhookId]));
      return enqueueDeliveries({
        queues,
        jobs: ids.map((deliveryId) => ({ deliveryId, webhookId: webhookOf.get(deliveryId)! })),
      });
    },
    async close() {
      await worker.close(true);
      await services.stop();
      await queues.partitions[0]!.obliterate({ force: true }).catch(() => undefined);
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length) await connection.del(...keys);
      await queues.close();
      client.close();
      connection.disconnect();
    },
  };
}
