import { randomBytes } from "node:crypto";
import { createEvents, jobsOf } from "../src/publish/create-events.ts";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually, type ReceivedRequest, type Receiver, type Reply, startReceiver } from "@herald/testkit";
import { enqueueDeliveries } from "../src/queue/delivery-queue.ts";
import { createWebhook } from "./helpers/fixtures.ts";
import { type HealthWorker, startHealthWorker } from "./helpers/health-worker.ts";

const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");

/** Per path: how long the receiver waits before answering, and how many first answers are 500s. */
const rules = new Map<string, { delayMs: number; failFirst: number }>();
const answer = (path: string, rule: { delayMs?: number; failFirst?: number }) =>
  rules.set(path, { delayMs: rule.delayMs ?? 0, failFirst: rule.failFirst ?? 0 });
function reply(req: ReceivedRequest): Reply {
  const rule = rules.get(req.path) ?? { delayMs: 0, failFirst: 0 };
  const fail = rule.failFirst > 0;
  if (fail) rule.failFirst--;
  return { status: fail ? 500 : 200, body: fail ? "no" : "ok", delayMs: rule.delayMs };
}
/** Event ids that arrived at `path`, in arrival order. */
const arrivals = (path: string) =>
  receiver.requests.filter((r) => r.path === path).map((r) => (JSON.parse(r.body) as { id: string }).id);

let database: TestDatabase;
let receiver: Receiver;
let w: HealthWorker;

beforeAll(async () => {
  database = await createTestDatabase("fifo-in-flight");
  receiver = await startReceiver(reply);
  // Retries after ~0.2 s; 20 concurrent jobs, so a cap or a line is what holds deliveries back, not the worker.
  w = await startHealthWorker({
    db: database.db,
    encryptionKey,
    concurrency: 20,
    schedule: [0.2, 0.2, 0.2, 0.2, 0.2],
    settings: { circuitThreshold: 100 },
  });
});
afterAll(async () => {
  await w.close();
  await receiver.close();
  await database.drop();
});

const db = () => database.db;

async function endpoint(
  path: string,
  data: { ordering?: "fifo" | "unordered"; maxInFlight?: number | null; fifoOnFailure?: "skip" | "block" } = {},
) {
  const row = await createWebhook(db(), {
    url: `${receiver.url}${path}`,
    secret,
    encryptionKey,
    events: [path.slice(1)],
  });
  return db().webhook.update({
    where: { id: row.id },
    data: {
      ordering: data.ordering ?? "unordered",
      maxInFlight: data.maxInFlight ?? null,
      fifoOnFailure: data.fifoOnFailure ?? "skip",
    },
  });
}

/** Publishes `count` events of `type` through the create statement (as the API does, one statement per batch) and enqueues their jobs. */
async function publish(type: string, count: number, { batch = 7 } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const events = Array.from({ length: Math.min(batch, count - start) }, (_, i) => ({
      id: `${type}-${String(start + i).padStart(4, "0")}`,
      tenantId: null,
      type,
      data: "{}",
      idempotencyKey: null,
      patterns: [type],
    }));
    const outcomes = await createEvents(db(), events);
    await enqueueDeliveries({ queues: w.queues, jobs: jobsOf(outcomes) });
    ids.push(...events.map((e) => e.id));
  }
  return ids;
}

describe("max_in_flight", () => {
  it("never has more than max_in_flight requests under way at a slow endpoint, and a healthy endpoint keeps flowing", async () => {
    await endpoint("/capped", { maxInFlight: 2 });
    await endpoint("/healthy");
    answer("/capped", { delayMs: 150 });
    const capped = await publish("capped", 50, { batch: 50 });
    const healthy = await publish("healthy", 30, { batch: 30 });
    // While the capped endpoint still has most of its 50 waiting (2 at a time, 150 ms each: ≥ 3.75 s in all), the healthy one is done.
    await eventually(() => arrivals("/healthy").length === healthy.length, { what: "healthy endpoint served" });
    expect(arrivals("/capped").length).toBeLessThan(capped.length / 2);
    await eventually(() => arrivals("/capped").length === capped.length, {
      what: "capped endpoint served",
      timeoutMs: 30_000,
    });
    expect(receiver.peakInFlight("/capped")).toBe(2);
    expect(new Set(arrivals("/capped")).size).toBe(capped.length);
    // Waiting was not an attempt: one attempt per delivery (the last answers are being recorded).
    await eventually(
      async () =>
        (await db().delivery.count({ where: { event: { type: "capped" }, status: "success" } })) === capped.length,
      { what: "capped deliveries recorded" },
    );
    expect(await db().deliveryAttempt.count({ where: { delivery: { event: { type: "capped" } } } })).toBe(
      capped.length,
    );
  });
});

describe("FIFO endpoints", () => {
  it("sends one at a time in acceptance order; a failing head is retried and holds the line, whose deliveries stay pending without attempts", async () => {
    const fifo = await endpoint("/line", { ordering: "fifo", maxInFlight: 5 });
    await endpoint("/beside");
    answer("/line", { failFirst: 3, delayMs: 5 });
    const ids = await publish("line", 40);
    const beside = await publish("beside", 40, { batch: 40 });
    await eventually(() => arrivals("/beside").length === beside.length, { what: "unordered endpoint served" });
    await eventually(() => arrivals("/line").length >= ids.length + 3, { what: "fifo line served", timeoutMs: 30_000 });
    // The head was tried four times (three failures, then success), then each later event once, in order.
    expect(arrivals("/line")).toEqual([ids[0], ids[0], ids[0], ...ids]);
    expect(receiver.peakInFlight("/line")).toBe(1);
    // The last answer arrived; its attempt is being recorded.
    await eventually(
      async () => (await db().delivery.count({ where: { webhookId: fifo.id, status: "success" } })) === ids.length,
      { what: "fifo deliveries recorded" },
    );
    const attempts = await db().deliveryAttempt.groupBy({
      by: ["deliveryId"],
      where: { delivery: { webhookId: fifo.id } },
      _count: true,
    });
    expect(attempts.map((a) => a._count).sort((a, b) => b - a)).toEqual([4, ...Array(ids.length - 1).fill(1)]);
  });

  it("moves on past a dead-lettered head (skip), and waits behind it until it is retried (block)", async () => {
    for (const mode of ["skip", "block"] as const) {
      const hook = await endpoint(`/dead-${mode}`, { ordering: "fifo", fifoOnFailure: mode });
      answer(`/dead-${mode}`, { failFirst: 6 });
      const ids = await publish(`dead-${mode}`, 5);
      const head = await db().delivery.findFirstOrThrow({ where: { eventId: ids[0] } });
      await eventually(
        async () => (await db().delivery.findUniqueOrThrow({ where: { id: head.id } })).status === "failed",
        { what: `${mode} head dead-lettered`, timeoutMs: 20_000 },
      );
      if (mode === "skip") {
        await eventually(() => arrivals("/dead-skip").length === 6 + 4, { what: "line moved on" });
        expect(arrivals("/dead-skip").slice(6)).toEqual(ids.slice(1));
        continue;
      }
      // Blocked: nothing behind the head was attempted.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(arrivals("/dead-block")).toEqual(Array(6).fill(ids[0]));
      expect(await db().delivery.count({ where: { webhookId: hook.id, status: "pending", attemptCount: 0 } })).toBe(4);
      // An operator retries the head: it succeeds and the line follows in order.
      await db().delivery.update({
        where: { id: head.id },
        data: { status: "pending", attemptCount: 0, nextAttemptAt: new Date() },
      });
      await enqueueDeliveries({ queues: w.queues, jobs: [{ deliveryId: head.id, webhookId: hook.id }], replace: true });
      await eventually(() => arrivals("/dead-block").length === 6 + 5, {
        what: "blocked line resumed",
        timeoutMs: 20_000,
      });
      expect(arrivals("/dead-block").slice(6)).toEqual(ids);
    }
  });
});
