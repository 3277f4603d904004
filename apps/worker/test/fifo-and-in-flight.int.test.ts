import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createEvents, jobsOf } from "@herald/db";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually } from "@herald/delivery/testing";
import { enqueueDeliveries } from "@herald/queue";
import { createWebhook } from "./helpers/fixtures.ts";
import { type HealthWorker, startHealthWorker } from "./helpers/health-worker.ts";

const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");

/** A receiver that records, per path, arrivals (event ids in order) and the most requests it held at once. */
async function startCountingReceiver() {
  const arrivals = new Map<string, string[]>();
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  const answers = new Map<string, { delayMs: number; failFirst: number }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      const now = (open.get(path) ?? 0) + 1;
      open.set(path, now);
      peak.set(path, Math.max(peak.get(path) ?? 0, now));
      const rule = answers.get(path) ?? { delayMs: 0, failFirst: 0 };
      const seen = arrivals.get(path) ?? [];
      seen.push((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id);
      arrivals.set(path, seen);
      const fail = rule.failFirst > 0;
      if (fail) rule.failFirst--;
      setTimeout(() => {
        open.set(path, (open.get(path) ?? 1) - 1);
        res.writeHead(fail ? 500 : 200).end(fail ? "no" : "ok");
      }, rule.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals: (path: string) => arrivals.get(path) ?? [],
    peak: (path: string) => peak.get(path) ?? 0,
    answer: (path: string, rule: { delayMs?: number; failFirst?: number }) => answers.set(path, { delayMs: rule.delayMs ?? 0, failFirst: rule.failFirst ?? 0 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let database: TestDatabase;
let receiver: Awaited<ReturnType<typeof startCountingReceiver>>;
let w: HealthWorker;

beforeAll(async () => {
  database = await createTestDatabase("fifo-in-flight");
  receiver = await startCountingReceiver();
  // Retries after ~0.2 s; 20 concurrent jobs, so a cap or a line is what holds deliveries back, not the worker.
  w = await startHealthWorker({ db: database.db, encryptionKey, concurrency: 20, schedule: [0.2, 0.2, 0.2, 0.2, 0.2], settings: { circuitThreshold: 100 } });
});
afterAll(async () => {
  await w.close();
  await receiver.close();
  await database.drop();
});

const db = () => database.db;

async function endpoint(path: string, data: { ordering?: "fifo" | "unordered"; maxInFlight?: number | null; fifoOnFailure?: "skip" | "block" } = {}) {
  const row = await createWebhook(db(), { url: `${receiver.url}${path}`, secret, encryptionKey, events: [path.slice(1)] });
  return db().webhook.update({ where: { id: row.id }, data: { ordering: data.ordering ?? "unordered", maxInFlight: data.maxInFlight ?? null, fifoOnFailure: data.fifoOnFailure ?? "skip" } });
}

/** Publishes `count` events of `type` through the create statement (as the API does, one statement per batch) and enqueues their jobs. */
async function publish(type: string, count: number, { batch = 7 } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const events = Array.from({ length: Math.min(batch, count - start) }, (_, i) => ({ id: `${type}-${String(start + i).padStart(4, "0")}`, tenantId: null, type, data: "{}", idempotencyKey: null, patterns: [type] }));
    const outcomes = await createEvents(db(), events);
    await enqueueDeliveries({ queues: w.queues, jobs: jobsOf(outcomes), timeoutMs: 10_000 });
    ids.push(...events.map((e) => e.id));
  }
  return ids;
}

describe("max_in_flight", () => {
  it("never has more than max_in_flight requests under way at a slow endpoint, and a healthy endpoint keeps flowing", async () => {
    await endpoint("/capped", { maxInFlight: 2 });
    await endpoint("/healthy");
    receiver.answer("/capped", { delayMs: 150 });
    const capped = await publish("capped", 50, { batch: 50 });
    const healthy = await publish("healthy", 30, { batch: 30 });
    // While the capped endpoint still has most of its 50 waiting (2 at a time, 150 ms each: ≥ 3.75 s in all), the healthy one is done.
    await eventually(() => receiver.arrivals("/healthy").length === healthy.length, { what: "healthy endpoint served" });
    expect(receiver.arrivals("/capped").length).toBeLessThan(capped.length / 2);
    await eventually(() => receiver.arrivals("/capped").length === capped.length, { what: "capped endpoint served", timeoutMs: 30_000 });
    expect(receiver.peak("/capped")).toBe(2);
    expect(new Set(receiver.arrivals("/capped")).size).toBe(capped.length);
    // Waiting was not an attempt: one attempt per delivery (the last answers are being recorded).
    await eventually(async () => (await db().delivery.count({ where: { event: { type: "capped" }, status: "success" } })) === capped.length, { what: "capped deliveries recorded" });
    expect(await db().deliveryAttempt.count({ where: { delivery: { event: { type: "capped" } } } })).toBe(capped.length);
  });
});

describe("FIFO endpoints", () => {
  it("sends one at a time in acceptance order; a failing head is retried and holds the line, whose deliveries stay pending without attempts", async () => {
    const fifo = await endpoint("/line", { ordering: "fifo", maxInFlight: 5 });
    await endpoint("/beside");
    receiver.answer("/line", { failFirst: 3, delayMs: 5 });
    const ids = await publish("line", 40);
    const beside = await publish("beside", 40, { batch: 40 });
    await eventually(() => receiver.arrivals("/beside").length === beside.length, { what: "unordered endpoint served" });
    await eventually(() => receiver.arrivals("/line").length >= ids.length + 3, { what: "fifo line served", timeoutMs: 30_000 });
    // The head was tried four times (three failures, then success), then each later event once, in order.
    expect(receiver.arrivals("/line")).toEqual([ids[0], ids[0], ids[0], ...ids]);
    expect(receiver.peak("/line")).toBe(1);
    // The last answer arrived; its attempt is being recorded.
    await eventually(async () => (await db().delivery.count({ where: { webhookId: fifo.id, status: "success" } })) === ids.length, { what: "fifo deliveries recorded" });
    const attempts = await db().deliveryAttempt.groupBy({ by: ["deliveryId"], where: { delivery: { webhookId: fifo.id } }, _count: true });
    expect(attempts.map((a) => a._count).sort((a, b) => b - a)).toEqual([4, ...Array(ids.length - 1).fill(1)]);
  });

  it("moves on past a dead-lettered head (skip), and waits behind it until it is retried (block)", async () => {
    for (const mode of ["skip", "block"] as const) {
      const hook = await endpoint(`/dead-${mode}`, { ordering: "fifo", fifoOnFailure: mode });
      receiver.answer(`/dead-${mode}`, { failFirst: 6 });
      const ids = await publish(`dead-${mode}`, 5);
      const head = await db().delivery.findFirstOrThrow({ where: { eventId: ids[0] } });
      await eventually(async () => (await db().delivery.findUniqueOrThrow({ where: { id: head.id } })).status === "failed", { what: `${mode} head dead-lettered`, timeoutMs: 20_000 });
      if (mode === "skip") {
        await eventually(() => receiver.arrivals("/dead-skip").length === 6 + 4, { what: "line moved on" });
        expect(receiver.arrivals("/dead-skip").slice(6)).toEqual(ids.slice(1));
        continue;
      }
      // Blocked: nothing behind the head was attempted.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.arrivals("/dead-block")).toEqual(Array(6).fill(ids[0]));
      expect(await db().delivery.count({ where: { webhookId: hook.id, status: "pending", attemptCount: 0 } })).toBe(4);
      // An operator retries the head: it succeeds and the line follows in order.
      await db().delivery.update({ where: { id: head.id }, data: { status: "pending", attemptCount: 0, nextAttemptAt: new Date() } });
      await enqueueDeliveries({ queues: w.queues, jobs: [{ deliveryId: head.id, webhookId: hook.id }], replace: true });
      await eventually(() => receiver.arrivals("/dead-block").length === 6 + 5, { what: "blocked line resumed", timeoutMs: 20_000 });
      expect(receiver.arrivals("/dead-block").slice(6)).toEqual(ids);
    }
  });
});
