import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createWebhookClient } from "@herald/delivery";
import { eventually, type Receiver, startReceiver } from "@herald/testkit";
import { createRedisConnection } from "@herald/queue";
import {
  createDeliveryQueues,
  type DeliveryQueue,
  type DeliveryQueues,
  enqueueDeliveries,
  partitionQueueName,
} from "../src/queue/delivery-queue.ts";
import type { Redis } from "ioredis";
import { createDeliveryWorker, type DeliveryWorker } from "../src/attempt/delivery-worker.ts";
import { createLogger } from "@herald/config";
import { createSweeper } from "../src/sweeper.ts";
import { createDelivery, createWebhook } from "./helpers/fixtures.ts";

const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");
const logger = createLogger({ silent: !process.env.HERALD_TEST_LOGS });

let database: TestDatabase;
let connection: Redis;
let queues: DeliveryQueues;
let queue: DeliveryQueue;
let worker: DeliveryWorker;
let receiver: Receiver;
const client = createWebhookClient({ allowHttp: true, allowPrivateTargets: true, timeoutMs: 1000 });
const prefix = `herald-test-worker-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  database = await createTestDatabase("worker");
  connection = createRedisConnection({ url: REDIS_URL, role: "worker" });
  queues = createDeliveryQueues({ connection, prefix });
  queue = queues.partitions[0]!;
  receiver = await startReceiver();
  worker = createDeliveryWorker(
    { db: database.db, client, encryptionKey, schedule: [1], logger, random: () => 0.5 },
    { connection, prefix, concurrency: 5, lockDurationMs: 5000, stalledIntervalMs: 5000 },
  );
  void worker.run();
});
afterAll(async () => {
  await worker.close();
  await queue.obliterate({ force: true });
  await queues.close();
  connection.disconnect();
  client.close();
  await receiver.close();
  await database.drop();
});
beforeEach(() => receiver.respondWith(() => undefined));

const db = () => database.db;
const enqueue = async (deliveryId: string) => {
  const { webhookId } = await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } });
  return enqueueDeliveries({ queues, jobs: [{ deliveryId, webhookId }] });
};
const requestsFor = (id: string) => receiver.requests.filter((r) => r.headers["webhook-id"] === id);
const statusOf = async (id: string) => (await db().delivery.findUniqueOrThrow({ where: { id } })).status;

describe("delivery processor", () => {
  it("signs with the current secret and, while it lasts, the previous one", async () => {
    const previous = "whsec_" + randomBytes(24).toString("base64");
    const rotating = await createWebhook(db(), {
      url: receiver.url,
      secret,
      encryptionKey,
      previousSecret: previous,
      previousSecretExpiresAt: new Date(Date.now() + 60_000),
    });
    const expired = await createWebhook(db(), {
      url: receiver.url,
      secret,
      encryptionKey,
      previousSecret: previous,
      previousSecretExpiresAt: new Date(Date.now() - 1000),
    });
    const a = await createDelivery(db(), { webhookId: rotating.id });
    const b = await createDelivery(db(), { webhookId: expired.id });
    await Promise.all([enqueue(a.id), enqueue(b.id)]);
    await eventually(async () => (await statusOf(a.id)) === "success" && (await statusOf(b.id)) === "success", {
      what: "both delivered",
    });
    const [ra] = requestsFor(a.id);
    const [rb] = requestsFor(b.id);
    const signatures = (r: typeof ra) => String(r!.headers["webhook-signature"]).split(" ");
    expect(signatures(ra)).toHaveLength(2);
    expect(new Webhook(secret).verify(ra!.body, ra!.headers as Record<string, string>)).toBeTruthy();
    expect(new Webhook(previous).verify(ra!.body, ra!.headers as Record<string, string>)).toBeTruthy();
    expect(signatures(rb)).toHaveLength(1);
    expect(() => new Webhook(previous).verify(rb!.body, rb!.headers as Record<string, string>)).toThrow();
    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: a.id } });
    expect(attempts).toMatchObject([{ attemptNumber: 1, statusCode: 200, error: null, responseBody: "ok" }]);
  });

  it("skips cancelled deliveries, cancels those of deleted webhooks, holds those of disabled ones", async () => {
    const live = await createWebhook(db(), { url: receiver.url, secret, encryptionKey });
    const deleted = await createWebhook(db(), { url: receiver.url, secret, encryptionKey, deletedAt: new Date() });
    const disabled = await createWebhook(db(), { url: receiver.url, secret, encryptionKey, enabled: false });
    const cancelled = await createDelivery(db(), { webhookId: live.id, status: "cancelled" });
    const ofDeleted = await createDelivery(db(), { webhookId: deleted.id });
    const ofDisabled = await createDelivery(db(), { webhookId: disabled.id });
    const marker = await createDelivery(db(), { webhookId: live.id });
    for (const d of [cancelled, ofDeleted, ofDisabled, marker]) await enqueue(d.id);
    await eventually(
      async () => (await statusOf(marker.id)) === "success" && (await statusOf(ofDeleted.id)) === "cancelled",
      { what: "processed" },
    );
    await eventually(
      async () => {
        const counts = await queue.getJobCounts("wait", "active");
        return (counts.wait ?? 0) + (counts.active ?? 0) === 0;
      },
      { what: "queue drained" },
    );
    expect([cancelled, ofDeleted, ofDisabled].flatMap((d) => requestsFor(d.id))).toEqual([]);
    expect(await statusOf(cancelled.id)).toBe("cancelled");
    expect(await statusOf(ofDisabled.id)).toBe("pending");
  });

  it("moves a failed attempt to delayed, honouring a longer Retry-After, then fails the job", async () => {
    receiver.respondWith(() => ({ status: 503, headers: { "retry-after": "2" } }));
    const webhook = await createWebhook(db(), { url: receiver.url, secret, encryptionKey });
    const d = await createDelivery(db(), { webhookId: webhook.id });
    await enqueue(d.id);
    const first = await eventually(async () => {
      const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
      return row.attemptCount === 1 ? row : undefined;
    });
    expect(first.status).toBe("pending");
    // Schedule says 1 s; the receiver asked for 2 s.
    expect(first.nextAttemptAt!.getTime() - first.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(1900);
    expect(await eventually(() => queue.getJobState(d.id).then((s) => (s === "delayed" ? s : undefined)))).toBe(
      "delayed",
    );
    await eventually(async () => (await statusOf(d.id)) === "failed", { what: "failed after the last retry" });
    const job = await eventually(() => queue.getJob(d.id));
    expect(await job.getState()).toBe("failed");
    expect(job.failedReason).toMatch(/gave up after 2 attempts: HTTP 503/);
    expect(requestsFor(d.id).map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2"]);
    // The last attempt is recorded as the one that dead-lettered the delivery (charts count it).
    const attempts = await db().deliveryAttempt.findMany({
      where: { deliveryId: d.id },
      orderBy: { attemptNumber: "asc" },
    });
    expect(attempts.map((a) => [a.attemptNumber, a.deadLettered])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("treats a retried failed job (the dashboard's retry) as a manual retry: a fresh schedule, numbers going on", async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const webhook = await createWebhook(db(), { url: receiver.url, secret, encryptionKey });
    const d = await createDelivery(db(), { webhookId: webhook.id });
    await enqueue(d.id);
    await eventually(async () => (await statusOf(d.id)) === "failed" && (await queue.getJobState(d.id)) === "failed", {
      what: "failed",
    });
    receiver.respondWith(() => undefined);
    const job = await queue.getJob(d.id);
    await job!.retry("failed");
    await eventually(async () => (await statusOf(d.id)) === "success", { what: "delivered after the retry" });
    const row = await db().delivery.findUniqueOrThrow({ where: { id: d.id } });
    expect([row.attemptCount, row.attemptsAtRestart]).toEqual([3, 2]);
    expect(requestsFor(d.id).map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2", "3"]);
  });

  it("rejects a job whose data is not a delivery reference", async () => {
    const job = await queue.add("deliver", { deliveryId: "not-a-uuid" } as never, { jobId: "junk" });
    await eventually(async () => (await job.getState()) === "failed");
    const failed = await queue.getJob("junk");
    expect(failed!.failedReason).toMatch(/not a delivery reference/);
  });
});

describe("sweeper", () => {
  it("re-enqueues due pending deliveries whose job is missing or dead, and leaves live jobs alone", async () => {
    await worker.pause();
    try {
      const webhook = await createWebhook(db(), { url: receiver.url, secret, encryptionKey });
      const orphan = await createDelivery(db(), { webhookId: webhook.id });
      const queued = await createDelivery(db(), { webhookId: webhook.id });
      const deadJob = await createDelivery(db(), { webhookId: webhook.id });
      const notDue = await createDelivery(db(), { webhookId: webhook.id });
      await db().delivery.update({ where: { id: notDue.id }, data: { nextAttemptAt: new Date(Date.now() + 60_000) } });
      await enqueue(queued.id);
      // A job BullMQ gave up on (e.g. Postgres unreachable five times) while the delivery stayed pending.
      await queue.add("deliver", { deliveryId: deadJob.id }, { jobId: deadJob.id });
      await connection.zadd(`${prefix}:${partitionQueueName(0)}:failed`, Date.now(), deadJob.id);
      await connection.lrem(`${prefix}:${partitionQueueName(0)}:wait`, 0, deadJob.id);
      expect(await queue.getJobState(deadJob.id)).toBe("failed");
      const sweeper = createSweeper({ db: db(), queues, logger, intervalMs: 60_000, graceMs: 0, batchSize: 500 });
      expect(await sweeper.sweepOnce()).toBe(2);
      expect(await queue.getJobState(orphan.id)).toBe("waiting");
      expect(await queue.getJobState(deadJob.id)).toBe("waiting");
      expect(await queue.getJobState(notDue.id)).toBe("unknown");
      expect(await sweeper.sweepOnce()).toBe(0);
    } finally {
      worker.resume();
    }
  });
});
