import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually, freePort, type Receiver, startReceiver } from "@herald/testkit";
import { endpointKeys } from "../src/endpoint/keys.ts";
import { createDeliveries, createWebhook } from "./helpers/fixtures.ts";
import { type HealthWorker, startHealthWorker } from "./helpers/health-worker.ts";

// A dead endpoint must not slow deliveries to a healthy one: the same burst
// to a healthy endpoint is timed alone and beside a dead one (refusing
// connections, or hanging past the timeout), and compared generously.

const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");
const BURST = 100;
// Small enough for a quick test, large enough that the healthy receiver never times out on a loaded machine.
const TIMEOUT_MS = 1000;
const THRESHOLD = 10;
const CONCURRENCY = 10;

let database: TestDatabase;
let healthy: Receiver;
let hanging: Receiver;
let w: HealthWorker;

beforeAll(async () => {
  database = await createTestDatabase("circuit");
  healthy = await startReceiver();
  hanging = await startReceiver(() => ({ delayMs: 30_000 }));
  // Probes far apart: during the test a dead endpoint only opens its circuit (its retries wait for it).
  w = await startHealthWorker({
    db: database.db,
    encryptionKey,
    timeoutMs: TIMEOUT_MS,
    concurrency: CONCURRENCY,
    settings: { circuitThreshold: THRESHOLD, probeIntervalMs: 60_000 },
    schedule: [1, 1],
  });
  await timeHealthyBurst(); // warm-up: connections, query plans
});
afterAll(async () => {
  await w.close();
  await Promise.all([healthy.close(), hanging.close()]);
  await database.drop();
});

const db = () => database.db;
const settled = (ids: string[]) => db().delivery.count({ where: { id: { in: ids }, status: "success" } });

/** Enqueues the bursts interleaved and returns how long the healthy one took to be delivered. */
async function timeHealthyBurst(deadUrl?: string): Promise<{ ms: number; deadIds: string[]; deadWebhookId?: string }> {
  const good = await createWebhook(db(), { url: healthy.url, secret, encryptionKey });
  const goodIds = await createDeliveries(db(), { webhookId: good.id, count: BURST });
  const dead = deadUrl ? await createWebhook(db(), { url: deadUrl, secret, encryptionKey }) : undefined;
  const deadIds = dead ? await createDeliveries(db(), { webhookId: dead.id, count: BURST }) : [];
  const interleaved = goodIds.flatMap((id, i) => (deadIds[i] ? [deadIds[i]!, id] : [id]));
  const started = Date.now();
  await w.enqueue(interleaved);
  await eventually(async () => (await settled(goodIds)) === BURST, {
    timeoutMs: 30_000,
    intervalMs: 20,
    what: "healthy burst delivered",
  });
  return { ms: Date.now() - started, deadIds, deadWebhookId: dead?.id };
}

async function expectCircuitOpened(webhookId: string, deadIds: string[]): Promise<void> {
  expect(await w.connection.exists(endpointKeys(w.prefix).open(webhookId))).toBe(1);
  // Only the attempts before the circuit opened (plus those already in flight) were made.
  const attempts = await db().deliveryAttempt.count({ where: { deliveryId: { in: deadIds } } });
  expect(attempts).toBeGreaterThanOrEqual(THRESHOLD);
  expect(attempts).toBeLessThanOrEqual(THRESHOLD + CONCURRENCY);
  expect(await db().delivery.count({ where: { id: { in: deadIds }, status: "pending" } })).toBe(BURST);
}

describe("circuit breaker", () => {
  // Each comparison times its own baseline just before, so both runs see the same machine load.
  it("a dead endpoint refusing connections does not slow the healthy one, and its circuit opens", async () => {
    const port = await freePort(); // nothing listens there
    const alone = (await timeHealthyBurst()).ms;
    const run = await timeHealthyBurst(`http://127.0.0.1:${port}/hook`);
    console.info(`healthy burst of ${BURST}: alone ${alone} ms, beside a refusing endpoint ${run.ms} ms`);
    expect(run.ms).toBeLessThanOrEqual(3 * alone + 1500);
    await expectCircuitOpened(run.deadWebhookId!, run.deadIds);
  });

  it("a dead endpoint hanging past the timeout does not slow the healthy one, and its circuit opens", async () => {
    const alone = (await timeHealthyBurst()).ms;
    const run = await timeHealthyBurst(`${hanging.url}/hook`);
    console.info(`healthy burst of ${BURST}: alone ${alone} ms, beside a hanging endpoint ${run.ms} ms`);
    // Until the circuit opens, hanging attempts hold slots for TIMEOUT_MS each: allow a few timeouts on top.
    expect(run.ms).toBeLessThanOrEqual(3 * alone + 3 * TIMEOUT_MS + 1500);
    await eventually(async () => (await w.connection.exists(endpointKeys(w.prefix).open(run.deadWebhookId!))) === 1, {
      what: "circuit open",
    });
    await expectCircuitOpened(run.deadWebhookId!, run.deadIds);
  });
});

describe("circuit breaker probes", () => {
  let pw: HealthWorker;
  let receiver: Receiver;
  // Long beside a send on loopback, so a probe sent late by a loaded machine cannot pull two arrivals within 0.7 of it.
  const INTERVAL_MS = 2000;

  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 500 }));
    pw = await startHealthWorker({
      db: database.db,
      encryptionKey,
      settings: { circuitThreshold: 3, probeIntervalMs: INTERVAL_MS },
      schedule: Array(20).fill(0.2),
    });
  });
  afterAll(async () => {
    await pw.close();
    await receiver.close();
  });

  it("sends one probe per interval while open, and a 2xx closes it", async () => {
    const webhook = await createWebhook(db(), { url: receiver.url, secret, encryptionKey });
    const ids = await createDeliveries(db(), { webhookId: webhook.id, count: 6 });
    await pw.enqueue(ids);
    const keys = endpointKeys(pw.prefix);
    await eventually(async () => (await pw.connection.exists(keys.open(webhook.id))) === 1, { what: "circuit open" });
    const openedAt = receiver.requests.length;
    // Retries are due every 200 ms, yet while open only probes go out.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS + 300));
    const probes = receiver.requests.slice(openedAt);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < probes.length; i++)
      expect(probes[i]!.receivedAt - probes[i - 1]!.receivedAt).toBeGreaterThanOrEqual(INTERVAL_MS * 0.7);
    // Waiting is not an attempt: every attempt row is a request the receiver saw.
    expect(await db().deliveryAttempt.count({ where: { deliveryId: { in: ids } } })).toBe(receiver.requests.length);

    receiver.respondWith(() => undefined);
    await eventually(
      async () => (await db().delivery.count({ where: { id: { in: ids }, status: "success" } })) === ids.length,
      { timeoutMs: 10_000, what: "delivered after the circuit closed" },
    );
    expect(await pw.connection.exists(keys.open(webhook.id), keys.failures(webhook.id))).toBe(0);
    expect(await pw.connection.sismember(keys.openSet, webhook.id)).toBe(0);
  });
});
