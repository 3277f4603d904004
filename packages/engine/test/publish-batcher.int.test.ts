import { randomBytes } from "node:crypto";
import { createDb, sqlPool, uuidv7 } from "@herald/db";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { candidatePatterns } from "@herald/delivery";
import { createRedisConnection } from "@herald/queue";
import { freePort } from "@herald/testkit";
import type { Redis } from "ioredis";
import {
  createDeliveryQueues,
  createPublishBatcher,
  type DeliveryQueues,
  type NewEvent,
  partitionOf,
} from "../src/index.ts";
import { createWebhook } from "./helpers/fixtures.ts";
import { REDIS_URL as TEST_REDIS_URL } from "./helpers/health-worker.ts";

// The group-commit edges, against the real statement, Postgres and Redis.
let database: TestDatabase;
let redis: Redis;
let queue: DeliveryQueues;
const encryptionKey = randomBytes(32).toString("hex");

beforeAll(async () => {
  database = await createTestDatabase("publish_batcher");
  redis = createRedisConnection({ url: TEST_REDIS_URL, role: "producer" });
  queue = createDeliveryQueues({ connection: redis, prefix: `herald-test-batcher-${randomBytes(4).toString("hex")}` });
  await createWebhook(database.db, {
    url: "http://127.0.0.1:9/a",
    secret: "whsec_batcher_test",
    encryptionKey,
    events: ["batch.*"],
  });
});
afterAll(async () => {
  await queue.partitions[0]!.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  redis.disconnect();
  await database.drop();
});

const event = (over: Partial<NewEvent> = {}): NewEvent => {
  const type = over.type ?? "batch.item";
  return {
    id: uuidv7(),
    tenantId: null,
    type,
    data: JSON.stringify({ n: 1 }),
    idempotencyKey: null,
    patterns: candidatePatterns(type),
    ...over,
  };
};
const eventCount = async (ids: string[]) => database.db.event.count({ where: { id: { in: ids } } });
const deliveryCount = async (ids: string[]) => database.db.delivery.count({ where: { eventId: { in: ids } } });

it("stores a burst, each event with its deliveries and its job", async () => {
  const batcher = createPublishBatcher({ db: database.db, deliveryQueues: queue, maxInFlight: 1 });
  const events = Array.from({ length: 50 }, () => event());
  const outcomes = await Promise.all(events.map((e) => batcher.submit(e)));
  expect(outcomes.every((o) => o.kind === "created" && o.deliveryIds.length === 1)).toBe(true);
  expect(await deliveryCount(events.map((e) => e.id))).toBe(50);
  const jobIds = outcomes.flatMap((o) => (o.kind === "created" ? o.deliveryIds : []));
  const jobs = await Promise.all(jobIds.map((id) => queue.getJob(id)));
  expect(jobs.every((j) => j?.data.deliveryId === j?.id)).toBe(true);
  await batcher.close();
});

it("puts each delivery's job in its webhook's queue partition", async () => {
  const prefix = `herald-test-batcher-parts-${randomBytes(4).toString("hex")}`;
  const partitioned = createDeliveryQueues({ connection: redis, prefix, partitions: 4 });
  const hooks = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      createWebhook(database.db, {
        url: `http://127.0.0.1:9/spread${i}`,
        secret: "whsec_batcher_test",
        encryptionKey,
        events: ["spread.*"],
      }),
    ),
  );
  const batcher = createPublishBatcher({ db: database.db, deliveryQueues: partitioned });
  const outcome = await batcher.submit(event({ type: "spread.out" }));
  if (outcome.kind !== "created") throw new Error(`expected created, got ${outcome.kind}`);
  expect([...outcome.webhookIds].sort()).toEqual(hooks.map((h) => h.id).sort());
  const placed = await Promise.all(
    outcome.deliveryIds.map(async (deliveryId, i) => {
      const home = partitionOf(outcome.webhookIds[i]!, 4);
      return { home, state: await partitioned.partitions[home]!.getJobState(deliveryId) };
    }),
  );
  expect(placed.every((p) => p.state === "waiting")).toBe(true);
  expect(new Set(placed.map((p) => p.home)).size).toBeGreaterThan(1);
  expect((await partitioned.getJobCounts("waiting")).waiting).toBe(6);
  await batcher.close();
  for (const q of partitioned.partitions) await q.obliterate({ force: true });
  await partitioned.close();
});

it("a key twice in one batch makes one event: the repeat waits for the next batch and meets it as a conflict", async () => {
  const batcher = createPublishBatcher({ db: database.db, deliveryQueues: queue });
  const key = `global:dup-${uuidv7()}`;
  const [first, second, other] = await Promise.all([
    batcher.submit(event({ idempotencyKey: key })),
    batcher.submit(event({ idempotencyKey: key })),
    batcher.submit(event()),
  ]);
  expect(first.kind).toBe("created");
  expect(second).toEqual({ kind: "conflict" });
  expect(other.kind).toBe("created");
  expect(await database.db.event.count({ where: { idempotencyKey: key } })).toBe(1);
  // The same event id twice in one batch: one row, the repeat a conflict.
  const id = `evt_${uuidv7()}`;
  const sameId = await Promise.all([batcher.submit(event({ id })), batcher.submit(event({ id }))]);
  expect(sameId.map((o) => o.kind)).toEqual(["created", "conflict"]);
  expect(await deliveryCount([id])).toBe(1);
  await batcher.close();
});

it("one bad row fails only its own request; an unknown tenant is answered per event", async () => {
  const batcher = createPublishBatcher({ db: database.db, deliveryQueues: queue });
  const good = [event(), event()];
  // U+0000 is refused by jsonb (22P05): the service refuses it first; here it reaches the statement.
  const bad = event({ data: '{"text":"\\u0000"}' });
  const stranger = event({ tenantId: "0190f0e4-8a8b-7c3d-9e0f-123456789abc" });
  const results = await Promise.allSettled([
    batcher.submit(good[0]!),
    batcher.submit(bad),
    batcher.submit(stranger),
    batcher.submit(good[1]!),
  ]);
  expect(results[0]).toMatchObject({ status: "fulfilled", value: { kind: "created" } });
  expect(results[1]).toMatchObject({ status: "rejected", reason: { code: "22P05" } });
  expect(results[2]).toEqual({ status: "fulfilled", value: { kind: "no_tenant" } });
  expect(results[3]).toMatchObject({ status: "fulfilled", value: { kind: "created" } });
  expect(await eventCount([...good.map((e) => e.id), bad.id, stranger.id])).toBe(2);
  await batcher.close();
});

it("a statement that fails writes nothing of its events: no event without its deliveries", async () => {
  const refused = await createWebhook(database.db, {
    url: "http://127.0.0.1:9/refused",
    secret: "whsec_batcher_test",
    encryptionKey,
    events: ["refuse.me"],
  });
  const pool = sqlPool(database.db);
  await pool.query(`ALTER TABLE deliveries ADD CONSTRAINT test_refuse CHECK (webhook_id <> '${refused.id}') NOT VALID`);
  try {
    const batcher = createPublishBatcher({ db: database.db, deliveryQueues: queue });
    const doomed = [event({ type: "refuse.me" }), event({ type: "refuse.me" })];
    const fine = event();
    const results = await Promise.allSettled([...doomed.map((e) => batcher.submit(e)), batcher.submit(fine)]);
    expect(results.slice(0, 2).map((r) => r.status === "rejected" && (r.reason as { code?: string }).code)).toEqual([
      "23514",
      "23514",
    ]);
    // Each request got its own error object, not one shared rejection.
    expect((results[0] as PromiseRejectedResult).reason).not.toBe((results[1] as PromiseRejectedResult).reason);
    expect(results[2]).toMatchObject({ status: "fulfilled", value: { kind: "created" } });
    expect(await eventCount(doomed.map((e) => e.id))).toBe(0);
    expect(await deliveryCount([fine.id])).toBe(1);
    await batcher.close();
  } finally {
    await pool.query("ALTER TABLE deliveries DROP CONSTRAINT test_refuse");
  }
});

it("Postgres unreachable: every request of the batch is refused, none hangs", async () => {
  const dead = createDb({ url: `postgresql://postgres:postgres@127.0.0.1:${await freePort()}/none`, poolSize: 2 });
  const batcher = createPublishBatcher({ db: dead, deliveryQueues: queue });
  const results = await Promise.allSettled([batcher.submit(event()), batcher.submit(event()), batcher.submit(event())]);
  expect(results.map((r) => r.status === "rejected" && (r.reason as { code?: string }).code)).toEqual([
    "ECONNREFUSED",
    "ECONNREFUSED",
    "ECONNREFUSED",
  ]);
  await batcher.close();
  await dead.$disconnect();
});

it("close() stores what is pending before it resolves, and refuses what comes after", async () => {
  const batcher = createPublishBatcher({ db: database.db, deliveryQueues: queue, maxInFlight: 1, maxBatch: 7 });
  const events = Array.from({ length: 30 }, () => event());
  const pending = events.map((e) => batcher.submit(e));
  await batcher.close();
  // Every one was committed by the time close() returned.
  expect(await eventCount(events.map((e) => e.id))).toBe(30);
  expect((await Promise.all(pending)).every((o) => o.kind === "created")).toBe(true);
  await expect(batcher.submit(event())).rejects.toMatchObject({ code: "service_unavailable" });
});

it("a batch held by one tenant's lock wait fails for that tenant alone: the other tenant's event is stored", async () => {
  // The lock timeout every pool gets from DATABASE_LOCK_TIMEOUT_MS, short here.
  const db = createDb({ url: database.url, poolSize: 4, lockTimeoutMs: 300 });
  const [a, b] = await Promise.all(["held", "free"].map((name) => database.db.tenant.create({ data: { name } })));
  // An open transaction holds the id A's client gives: storing an event with that id in A waits for it to end.
  const heldId = "held-by-test-1";
  const holder = await sqlPool(database.db).connect();
  try {
    await holder.query("BEGIN");
    await holder.query(
      "INSERT INTO event_keys (event_id, public_id, tenant_id, idempotency_key, created_at) VALUES ($1, $2, $3, NULL, now())",
      [uuidv7(), heldId, a!.id],
    );
    const batcher = createPublishBatcher({ db, deliveryQueues: queue });
    const fromA = event({ clientId: heldId, tenantId: a!.id });
    const fromB = event({ tenantId: b!.id });
    // Submitted in one turn of the event loop: one batch, one statement.
    const [outA, outB] = await Promise.allSettled([batcher.submit(fromA), batcher.submit(fromB)]);
    expect(outB).toMatchObject({ status: "fulfilled", value: { kind: "created" } });
    expect(outA).toMatchObject({ status: "rejected", reason: { code: "55P03" } });
    // B's event and its delivery to the global webhook are committed while A's lock is still held.
    expect(await eventCount([fromB.id])).toBe(1);
    expect(await deliveryCount([fromB.id])).toBe(1);
    await batcher.close();
  } finally {
    await holder.query("ROLLBACK");
    holder.release();
    await db.$disconnect();
  }
});
