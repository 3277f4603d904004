import { randomBytes, randomUUID } from "node:crypto";
import { encrypt } from "@herald/crypto";
import { createDb, sqlPool, uuidv7 } from "@herald/db";
import { createOlderDatabase } from "@herald/db/testing";
import request from "supertest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// A database that an older Herald (migrations through init) filled with
// events, deliveries and attempts, migrated to partitioned history in place:
// every old row stays readable through the API, and ids and idempotency
// keys stay taken.
const DAY = 86_400_000;
const tenantId = uuidv7();
const hookId = uuidv7();
const encryptionKey = randomBytes(32).toString("hex");
const oldAt = new Date(Date.now() - 40 * DAY);
const recentAt = new Date(Date.now() - 3_600_000);
const oldDelivery = uuidv7(oldAt.getTime());
const recentDelivery = uuidv7(recentAt.getTime());
// A delivery id that is not a UUIDv7 (a v4 written by hand): no time in it.
const v4Delivery = randomUUID();
let t: TestApp;

async function fillOldSchema(url: string): Promise<void> {
  // Plain SQL on the pool: the client's models describe the new schema.
  const db = createDb({ url, poolSize: 1 });
  const client = sqlPool(db);
  try {
    await client.query("INSERT INTO tenants (id, name, updated_at) VALUES ($1, 'Legacy', now())", [tenantId]);
    await client.query(
      "INSERT INTO webhooks (id, tenant_id, url, events, secret_encrypted, updated_at) VALUES ($1, $2, 'https://receiver.example/hook', '{*}', $3, now())",
      [hookId, tenantId, encrypt("s3cret-value-1", encryptionKey)],
    );
    await client.query(
      `INSERT INTO events (id, tenant_id, type, data, idempotency_key, created_at) VALUES
       ('evt-legacy-old', $1, 'invoice.updated', '{"n": 1}', NULL, $2), ('evt-legacy-recent', $1, 'invoice.updated', '{"n": 2}', $1 || ':k-legacy', $3)`,
      [tenantId, oldAt, recentAt],
    );
    await client.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, created_at, updated_at) VALUES
       ($1, 'evt-legacy-old', $4, $5, 'success', 2, $6, $6), ($2, 'evt-legacy-recent', $4, $5, 'pending', 0, $7, $7),
       ($3, 'evt-legacy-recent', $4, $5, 'failed', 1, $7, $7)`,
      [oldDelivery, recentDelivery, v4Delivery, hookId, tenantId, oldAt, recentAt],
    );
    await client.query(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, status_code, duration_ms, created_at) VALUES
       ($1, $3, 1, 500, 7, $5), ($2, $3, 2, 200, 6, $5), ($6, $4, 1, 503, 9, $7)`,
      [uuidv7(), uuidv7(), oldDelivery, v4Delivery, oldAt, uuidv7(), recentAt],
    );
  } finally {
    await db.$disconnect();
  }
}

beforeAll(async () => {
  const older = await createOlderDatabase("legacy_history", "20261122070543_init");
  try {
    await fillOldSchema(older.url);
    t = await createTestApp("legacy_history", { encryptionKey }, { database: await older.migrateRest() });
  } catch (err) {
    await older.drop();
    throw err;
  }
});
afterAll(() => t?.close());

const admin = (path: string) => request(t.app).get(`/api/v1${path}`).set("authorization", t.admin);
const publish = (body: object, headers: Record<string, string> = {}) =>
  request(t.app).post("/api/v1/events").set("authorization", t.admin).set(headers).send(body);

it("keeps the old events, deliveries and attempts readable through the API", async () => {
  const old = await admin("/events/evt-legacy-old");
  expect(old.status).toBe(200);
  expect(old.body).toMatchObject({
    id: "evt-legacy-old",
    tenant_id: tenantId,
    type: "invoice.updated",
    data: { n: 1 },
  });
  expect(old.body.deliveries.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
    [oldDelivery, "success"],
  ]);
  expect(
    (await admin(`/deliveries/${oldDelivery}`)).body.attempts
      .map((a: { attempt_number: number }) => a.attempt_number)
      .sort(),
  ).toEqual([1, 2]);

  const recent = await admin("/events/evt-legacy-recent");
  expect(recent.status).toBe(200);
  expect(recent.body.deliveries.map((d: { id: string }) => d.id).sort()).toEqual([recentDelivery, v4Delivery].sort());
  expect((await admin(`/deliveries/${v4Delivery}`)).body.attempts).toHaveLength(1);
  const listed = await admin(`/webhooks/${hookId}/deliveries?limit=100`);
  expect(listed.body.map((d: { id: string }) => d.id).sort()).toEqual([oldDelivery, recentDelivery, v4Delivery].sort());
});

it("keeps old ids and idempotency keys taken, and stores new publishes beside the old rows", async () => {
  // The same body as the stored event (a different one is a 409: events.int.test.ts).
  const replay = await publish(
    { type: "invoice.updated", data: { n: 2 }, tenant_id: tenantId },
    { "idempotency-key": "k-legacy" },
  );
  expect(replay.status).toBe(202);
  expect(replay.body).toEqual({ id: "evt-legacy-recent", deliveries: 2 });
  expect(replay.headers["idempotent-replayed"]).toBe("true");
  // Past the replay window, in its tenant (ids are per tenant since event_ids_per_tenant).
  expect((await publish({ id: "evt-legacy-old", type: "invoice.updated", data: {}, tenant_id: tenantId })).status).toBe(
    409,
  );

  const fresh = await publish({ type: "invoice.updated", data: { n: 3 }, tenant_id: tenantId });
  expect(fresh.status).toBe(202);
  expect(fresh.body.deliveries).toBe(1);
  expect((await admin(`/events/${fresh.body.id}`)).body.deliveries).toHaveLength(1);
  // The old tables became partitions in place; tomorrow already has its own.
  const tables = await t.deps.db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE '%_legacy' ORDER BY 1",
  );
  expect(tables.map((r) => r.name)).toEqual(["deliveries_legacy", "delivery_attempts_legacy", "events_legacy"]);
});

it("keeps an old event's id taken in its tenant only: another scope may use it", async () => {
  const repeat = await publish({
    id: "evt-legacy-recent",
    type: "invoice.updated",
    data: { n: 2 },
    tenant_id: tenantId,
  });
  expect([repeat.status, repeat.body, repeat.headers["idempotent-replayed"]]).toEqual([
    202,
    { id: "evt-legacy-recent", deliveries: 2 },
    "true",
  ]);
  const global = await publish({ id: "evt-legacy-recent", type: "invoice.updated", data: { n: 4 } });
  expect([global.status, global.body, global.headers["idempotent-replayed"]]).toEqual([
    202,
    { id: "evt-legacy-recent", deliveries: 0 },
    undefined,
  ]);
  expect((await admin(`/events/evt-legacy-recent?tenant_id=${tenantId}`)).body).toMatchObject({
    id: "evt-legacy-recent",
    data: { n: 2 },
  });
  expect((await admin("/events/evt-legacy-recent?tenant_id=global")).body).toMatchObject({
    id: "evt-legacy-recent",
    tenant_id: null,
    data: { n: 4 },
  });
});
