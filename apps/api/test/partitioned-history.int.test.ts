import { ensurePartitions, partitionName, sqlPool, utcDayStart } from "@herald/db";
import { createEvents } from "@herald/engine";
import request from "supertest";
import { createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Retention by partition: three days of history, a two-day retention, and
// purge-expired dropping the oldest day whole while pending work survives
// and the API keeps serving what is left.
const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("partitioned_history", { retentionDays: 2 });
});
afterAll(() => t.close());

const admin = (path: string) => request(t.app).get(`/api/v1${path}`).set("authorization", t.admin);
const purge = () => request(t.app).post("/api/v1/maintenance/purge-expired").set("authorization", t.admin);

async function tablesOfDay(dayMs: number): Promise<string[]> {
  const names = (["delivery_attempts", "deliveries", "events"] as const).map((table) => partitionName(table, dayMs));
  const rows = await t.deps.db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE tablename = ANY($1) ORDER BY 1",
    names,
  );
  return rows.map((r) => r.name);
}

/** Two events published at noon of `dayMs` through the real create path, one delivery each, one attempt per delivery. */
async function fillDay(dayMs: number, webhookId: string): Promise<{ eventIds: string[]; deliveryIds: string[] }> {
  const at = new Date(dayMs + DAY / 2);
  const eventIds = [0, 1].map((i) => `evt-${new Date(dayMs).toISOString().slice(0, 10)}-${i}`);
  const outcomes = await createEvents(
    t.deps.db,
    eventIds.map((id) => ({
      id,
      tenantId: null,
      type: "invoice.updated",
      data: '{"n":1}',
      idempotencyKey: `global:${id}`,
      patterns: ["*", "invoice.*", "invoice.updated"],
    })),
    at,
  );
  const deliveryIds = outcomes.flatMap((o) => (o.kind === "created" ? o.deliveryIds : []));
  expect(deliveryIds).toHaveLength(2);
  await t.deps.db.deliveryAttempt.createMany({
    data: deliveryIds.map((deliveryId) => ({
      deliveryId,
      attemptNumber: 1,
      statusCode: 500,
      durationMs: 5,
      createdAt: at,
    })),
  });
  expect(
    (await t.deps.db.delivery.findMany({ where: { id: { in: deliveryIds } } })).every((d) => d.webhookId === webhookId),
  ).toBe(true);
  return { eventIds, deliveryIds };
}

it("drops the days past retention whole, keeps events with pending deliveries, and the API serves the rest", async () => {
  const today = utcDayStart(new Date());
  const days = [3, 2, 1].map((n) => today - n * DAY);
  await ensurePartitions(sqlPool(t.deps.db), { now: new Date(days[0]!), aheadDays: 3 });
  const hook = await createWebhook(t.deps.db, {
    url: "https://receiver.example/hook",
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
  });
  const [oldest, middle, newest] = await Promise.all(days.map((d) => fillDay(d, hook.id)));
  // Everything has finished except one delivery of the oldest day.
  const pendingId = oldest!.deliveryIds[1]!;
  await t.deps.db.delivery.updateMany({
    where: { id: { not: pendingId } },
    data: { status: "failed", completedAt: new Date() },
  });
  for (const d of days) expect(await tablesOfDay(d)).toHaveLength(3);

  const res = await purge();
  expect(res.status).toBe(200);
  // With two days' retention only the oldest day lies wholly before the cutoff.
  expect(res.body).toMatchObject({
    retention_days: 2,
    events_deleted: 1,
    deliveries_deleted: 1,
    attempts_deleted: 1,
    events_kept: 1,
  });
  expect([...res.body.partitions_dropped].sort()).toEqual(
    ["deliveries", "delivery_attempts", "events"].map(
      (table) => `${table}_p${new Date(days[0]!).toISOString().slice(0, 10).replace(/-/g, "")}`,
    ),
  );
  expect(await tablesOfDay(days[0]!)).toEqual([]);
  expect(await tablesOfDay(days[1]!)).toHaveLength(3);
  expect(await tablesOfDay(days[2]!)).toHaveLength(3);

  // The finished event of the dropped day is gone; the pending one survives with its delivery and attempt.
  expect((await admin(`/events/${oldest!.eventIds[0]}`)).status).toBe(404);
  const kept = await admin(`/events/${oldest!.eventIds[1]}`);
  expect(kept.status).toBe(200);
  expect(kept.body.deliveries.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
    [pendingId, "pending"],
  ]);
  const keptDelivery = await admin(`/deliveries/${pendingId}`);
  expect(keptDelivery.status).toBe(200);
  expect(keptDelivery.body.attempts).toHaveLength(1);
  // The remaining history, through the API.
  for (const day of [middle!, newest!]) {
    for (const [i, id] of day.eventIds.entries()) {
      const event = await admin(`/events/${id}`);
      expect(event.status).toBe(200);
      expect(event.body.deliveries.map((d: { id: string }) => d.id)).toEqual([day.deliveryIds[i]]);
      expect((await admin(`/deliveries/${day.deliveryIds[i]}`)).body.attempts).toHaveLength(1);
    }
  }
  const listed = await admin(`/webhooks/${hook.id}/deliveries?limit=100`);
  expect(listed.body.map((d: { id: string }) => d.id).sort()).toEqual(
    [pendingId, ...middle!.deliveryIds, ...newest!.deliveryIds].sort(),
  );
  // The dropped event's id and idempotency key are free again; the kept one's are still taken.
  const again = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", t.admin)
    .send({ id: oldest!.eventIds[0], type: "invoice.updated", data: {} });
  expect(again.status).toBe(202);
  expect(again.headers["idempotent-replayed"]).toBeUndefined();
  const keptAgain = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", t.admin)
    .send({ id: oldest!.eventIds[1], type: "invoice.updated", data: {} });
  expect(keptAgain.status).toBe(409);

  // Once its work is done, the next purge deletes the kept event from the default partition.
  await t.deps.db.delivery.update({ where: { id: pendingId }, data: { status: "success", completedAt: new Date() } });
  const second = await purge();
  expect(second.body).toMatchObject({
    events_deleted: 1,
    deliveries_deleted: 1,
    attempts_deleted: 1,
    events_kept: 0,
    partitions_dropped: [],
  });
  expect((await admin(`/events/${oldest!.eventIds[1]}`)).status).toBe(404);
  expect((await admin(`/events/${middle!.eventIds[0]}`)).status).toBe(200);
  expect(await t.deps.db.auditLog.count({ where: { action: "data.purged" } })).toBe(2);
});

it("drops several past days in one purge, counting each day's rows and keeping each day's pending work", async () => {
  const today = utcDayStart(new Date());
  const days = [6, 5].map((n) => today - n * DAY);
  await ensurePartitions(sqlPool(t.deps.db), { now: new Date(days[0]!), aheadDays: 1 });
  await t.deps.db.webhook.updateMany({ data: { enabled: false } });
  const hook = await createWebhook(t.deps.db, {
    url: "https://receiver.example/hook-2",
    secret: "s3cret-value-2",
    encryptionKey: t.deps.config.encryptionKey,
  });
  const [first, second] = await Promise.all(days.map((d) => fillDay(d, hook.id)));
  const pending = [first!.deliveryIds[0]!, second!.deliveryIds[1]!];
  await t.deps.db.delivery.updateMany({
    where: { webhookId: hook.id, id: { notIn: pending } },
    data: { status: "success", completedAt: new Date() },
  });

  const res = await purge();
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ events_deleted: 2, deliveries_deleted: 2, attempts_deleted: 2, events_kept: 2 });
  expect(res.body.partitions_dropped).toHaveLength(6);
  for (const d of days) expect(await tablesOfDay(d)).toEqual([]);
  for (const id of [first!.eventIds[1], second!.eventIds[0]]) expect((await admin(`/events/${id}`)).status).toBe(404);
  for (const id of pending)
    expect((await admin(`/deliveries/${id}`)).body).toMatchObject({
      id,
      status: "pending",
      attempts: [expect.objectContaining({ attempt_number: 1 })],
    });
});
