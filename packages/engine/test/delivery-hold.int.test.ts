import { randomBytes, randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createRedisConnection } from "@herald/queue";
import type { Redis } from "ioredis";
import { readDeliveryHold, type HoldQuery } from "../src/endpoint/delivery-hold.ts";
import { createEndpointGate } from "../src/endpoint/endpoint-gate.ts";
import { REDIS_URL } from "./helpers/health-worker.ts";

// The reasons a held delivery gives, read from endpoint state that the
// worker's own gate (endpoint-admit-6.lua) wrote: a send under way fills the
// in-flight cap, a send in the last second fills a rate limit of 1.
const prefix = `herald-test-hold-${randomBytes(4).toString("hex")}`;
let database: TestDatabase;
let redis: Redis;

beforeAll(async () => {
  database = await createTestDatabase("delivery-hold");
  redis = createRedisConnection({ url: REDIS_URL, role: "worker" });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await database.drop();
});

const webhook = (over: Partial<HoldQuery["webhook"]> = {}): HoldQuery["webhook"] => ({
  id: randomUUID(),
  enabled: true,
  deletedAt: null,
  ordering: "unordered",
  fifoOnFailure: "skip",
  rateLimit: null,
  maxInFlight: null,
  ...over,
});
const pending = (over: Partial<HoldQuery["delivery"]> = {}): HoldQuery["delivery"] => ({
  id: randomUUID(),
  status: "pending",
  seq: null,
  nextAttemptAt: new Date(Date.now() - 1000),
  ...over,
});
const hold = (w: HoldQuery["webhook"], d: HoldQuery["delivery"]) =>
  readDeliveryHold({ db: database.db, redis, prefix, webhook: w, delivery: d });
const gate = () => createEndpointGate({ redis, prefix, probeIntervalMs: 60_000, leaseMs: 30_000 });

it("over max_in_flight: how many are under way and the cap; the delivery holding the slot is not held", async () => {
  const w = webhook({ maxInFlight: 1 });
  const sending = pending();
  expect((await gate().admit({ webhookId: w.id, deliveryId: sending.id, rateLimit: null, maxInFlight: 1 })).state).toBe(
    "closed",
  );
  expect(await hold(w, pending())).toEqual({ reason: "in_flight_full", until: null, inFlight: 1, maxInFlight: 1 });
  expect(await hold(w, sending)).toEqual({ reason: "queued", until: null });
});

it("rate limited: until the last second's send leaves the window", async () => {
  const w = webhook({ rateLimit: 1 });
  const before = Date.now();
  expect(
    (await gate().admit({ webhookId: w.id, deliveryId: randomUUID(), rateLimit: 1, maxInFlight: null })).state,
  ).toBe("closed");
  const after = Date.now();
  const held = await hold(w, pending());
  expect(held?.reason).toBe("rate_limited");
  // The send was counted at Redis's clock between `before` and `after`; the window is 1050 ms (RATE_WINDOW_MS).
  expect(held!.until!.getTime()).toBeGreaterThanOrEqual(before + 1050 - 5);
  expect(held!.until!.getTime()).toBeLessThanOrEqual(after + 1050 + 5);
});

it("a disabled webhook holds its deliveries; a settled delivery or a retry still ahead is not held", async () => {
  expect(await hold(webhook({ enabled: false }), pending())).toEqual({ reason: "webhook_disabled", until: null });
  expect(await hold(webhook(), pending({ status: "failed" }))).toBeNull();
  expect(await hold(webhook(), pending({ nextAttemptAt: new Date(Date.now() + 60_000) }))).toBeNull();
  expect(await hold(webhook(), pending())).toEqual({ reason: "queued", until: null });
});
