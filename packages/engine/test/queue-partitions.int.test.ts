import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createWebhookClient } from "@herald/delivery";
import { eventually, type Receiver, startReceiver } from "@herald/testkit";
import { createRedisConnection } from "@herald/queue";
import {
  createDeliveryQueues,
  type DeliveryQueues,
  enqueueDeliveries,
  partitionOf,
} from "../src/queue/delivery-queue.ts";
import type { Redis } from "ioredis";
import { createDeliveryWorker, type DeliveryWorker } from "../src/attempt/delivery-worker.ts";
import { createLogger } from "@herald/config";
import { createSweeper } from "../src/sweeper.ts";
import { createDeliveries, createWebhook } from "./helpers/fixtures.ts";

// Partitioned delivery queues on one Redis: where jobs go, that workers
// consume every partition, and that changing HERALD_QUEUE_PARTITIONS on a
// running system loses and repeats nothing.

const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");
const logger = createLogger({ silent: !process.env.HERALD_TEST_LOGS });
const client = createWebhookClient({ allowHttp: true, allowPrivateTargets: true, timeoutMs: 2000 });

let database: TestDatabase;
let connection: Redis;
let receiver: Receiver;
const opened: Array<{ close(): Promise<void> }> = [];
const prefixes: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase("partitions");
  connection = createRedisConnection({ url: REDIS_URL, role: "worker" });
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
  for (const prefix of prefixes) {
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length) await connection.del(...keys);
  }
  connection.disconnect();
  client.close();
  await receiver.close();
  await database.drop();
});

const db = () => database.db;

function stackOn(prefix: string, partitions: number): { queues: DeliveryQueues; worker: DeliveryWorker } {
  const queues = createDeliveryQueues({ connection, prefix, partitions });
  const worker = createDeliveryWorker(
    { db: db(), client, encryptionKey, schedule: [1], logger, random: () => 0.5 },
    {
      connection,
      prefix,
      concurrency: 8,
      lockDurationMs: 5000,
      stalledIntervalMs: 5000,
      partitions: Array.from({ length: partitions }, (_, i) => i),
    },
  );
  opened.push({ close: () => worker.close() }, queues);
  return { queues, worker };
}

/** Six webhooks with `perWebhook` pending deliveries each; returns them as planned jobs. */
async function pendingWork(perWebhook: number) {
  const jobs: Array<{ deliveryId: string; webhookId: string }> = [];
  for (let i = 0; i < 6; i++) {
    const hook = await createWebhook(db(), { url: `${receiver.url}/p${i}`, secret, encryptionKey });
    for (const deliveryId of await createDeliveries(db(), { webhookId: hook.id, count: perWebhook }))
      jobs.push({ deliveryId, webhookId: hook.id });
  }
  return jobs;
}

/** Receiver requests per delivery id (webhook-id header), for these deliveries. */
const arrivals = (ids: string[]) => {
  const wanted = new Set(ids);
  const counts = new Map<string, number>();
  for (const r of receiver.requests) {
    const id = String(r.headers["webhook-id"]);
    if (wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

const allSucceeded = async (ids: string[]) =>
  (await db().delivery.count({ where: { id: { in: ids }, status: "success" } })) === ids.length;

it("puts each delivery in its webhook's partition and delivers every partition", async () => {
  const prefix = `herald-test-parts-${randomBytes(4).toString("hex")}`;
  prefixes.push(prefix);
  const { queues, worker } = stackOn(prefix, 4);
  const jobs = await pendingWork(5);
  await enqueueDeliveries({ queues, jobs });
  for (const { deliveryId, webhookId } of jobs)
    expect(await queues.partitions[partitionOf(webhookId, 4)]!.getJobState(deliveryId)).toBe("waiting");
  const used = new Set(jobs.map((j) => partitionOf(j.webhookId, 4)));
  expect(used.size).toBeGreaterThan(1);
  expect((await queues.getJobCounts("waiting")).waiting).toBe(jobs.length);

  void worker.run();
  const ids = jobs.map((j) => j.deliveryId);
  await eventually(() => allSucceeded(ids), { what: "every delivery succeeded", timeoutMs: 30_000 });
  const counts = arrivals(ids);
  expect(counts.size).toBe(ids.length);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
});

it("loses and repeats nothing when the partition count shrinks (4 → 2) or grows (1 → 4) under queued work", async () => {
  for (const [before, after] of [
    [4, 2],
    [1, 4],
  ] as const) {
    const prefix = `herald-test-parts-${randomBytes(4).toString("hex")}`;
    prefixes.push(prefix);
    // Jobs queued by the old setting; delayed ones are the retries it had scheduled.
    const old = createDeliveryQueues({ connection, prefix, partitions: before });
    opened.push(old);
    const jobs = await pendingWork(4);
    expect(await old.knownPartitions()).toBe(before);
    const [later, now] = [jobs.filter((_, i) => i % 2 === 0), jobs.filter((_, i) => i % 2 === 1)];
    await enqueueDeliveries({ queues: old, jobs: now });
    await enqueueDeliveries({ queues: old, jobs: later.map((j) => ({ ...j, delayMs: 1500 })) });

    // The new setting: its workers consume partitions 0..after-1 only; its sweeper moves what waits elsewhere.
    const { queues, worker } = stackOn(prefix, after);
    expect(await queues.knownPartitions()).toBe(Math.max(before, after));
    void worker.run();
    const sweeper = createSweeper({ db: db(), queues, logger, intervalMs: 300, graceMs: 0, batchSize: 500 });
    sweeper.start();
    opened.push({ close: () => sweeper.stop() });
    const ids = jobs.map((j) => j.deliveryId);
    await eventually(() => allSucceeded(ids), {
      what: `every delivery succeeded after ${before} → ${after} partitions`,
      timeoutMs: 30_000,
    });
    await sweeper.stop();
    const counts = arrivals(ids);
    expect(counts.size).toBe(ids.length);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Nothing is left behind in a partition no worker consumes.
    const stranded = await Promise.all(
      Array.from({ length: Math.max(0, before - after) }, (_, i) =>
        old.queue(after + i).getJobCounts("waiting", "delayed", "active"),
      ),
    );
    expect(stranded.flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0)).toBe(0);
  }
});
