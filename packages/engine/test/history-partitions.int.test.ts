import { ensurePartitions, partitionName, sqlPool, utcDayStart } from "@herald/db";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { createEvents } from "../src/publish/create-events.ts";

const DAY = 86_400_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("partitions");
});
afterAll(() => database.drop());

async function tablesLike(pattern: string): Promise<string[]> {
  const rows = await database.db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE $1 ORDER BY 1",
    pattern,
  );
  return rows.map((r) => r.name);
}

async function partitionOf(table: string, where: string, value: string): Promise<string> {
  const [row] = await database.db.$queryRawUnsafe<{ part: string }[]>(
    `SELECT tableoid::regclass::text AS part FROM ${table} WHERE ${where} = $1`,
    value,
  );
  return row!.part;
}

describe("ensurePartitions", () => {
  it("creates each day's three partitions once, from today to the days ahead", async () => {
    const pool = sqlPool(database.db);
    // createTestDatabase already made today's and three days ahead, as migrate and the API do.
    expect(await ensurePartitions(pool)).toEqual({ created: [], skipped: [] });
    const far = new Date(Date.now() + 10 * DAY);
    const day = new Date(utcDayStart(far)).toISOString().slice(0, 10);
    expect(await ensurePartitions(pool, { now: far, aheadDays: 1 })).toEqual({
      created: [day, new Date(utcDayStart(far) + DAY).toISOString().slice(0, 10)],
      skipped: [],
    });
    const suffix = day.replace(/-/g, "");
    expect(await tablesLike(`%_p${suffix}`)).toEqual([
      `deliveries_p${suffix}`,
      `delivery_attempts_p${suffix}`,
      `events_p${suffix}`,
    ]);
    // Concurrent callers (API and workers at start) agree.
    const again = await Promise.all([0, 1, 2].map(() => ensurePartitions(pool, { now: far, aheadDays: 2 })));
    expect(again.flatMap((r) => r.created)).toHaveLength(1);
  });

  it("stores a publish in its day's partitions: the event by created_at, deliveries by id, attempts by delivery_id", async () => {
    const now = new Date();
    const hook = await database.db.webhook.create({
      data: { url: "https://example.test/hook", events: ["*"], secretEncrypted: "sealed" },
    });
    const [outcome] = await createEvents(
      database.db,
      [{ id: "evt-partitioned", tenantId: null, type: "a.b", data: "{}", idempotencyKey: null, patterns: ["*"] }],
      now,
    );
    expect(outcome).toEqual({ kind: "created", deliveryIds: [expect.any(String)], webhookIds: [hook.id] });
    const deliveryId = (outcome as { deliveryIds: string[] }).deliveryIds[0]!;
    await database.db.deliveryAttempt.create({ data: { deliveryId, attemptNumber: 1, durationMs: 3 } });
    const day = utcDayStart(now);
    expect(await partitionOf("events", "id", "evt-partitioned")).toBe(partitionName("events", day));
    expect(await partitionOf("deliveries", "id", deliveryId)).toBe(partitionName("deliveries", day));
    expect(await partitionOf("delivery_attempts", "delivery_id", deliveryId)).toBe(
      partitionName("delivery_attempts", day),
    );
    expect(await database.db.eventKey.findUnique({ where: { eventId: "evt-partitioned" } })).toMatchObject({
      createdAt: now,
    });
    expect(await database.db.delivery.count({ where: { webhookId: hook.id } })).toBe(1);
  });

  it("leaves a day whose rows already went to the DEFAULT partitions there (all three tables or none), rows still readable", async () => {
    const at = new Date(Date.now() + 30 * DAY);
    const event = await database.db.event.create({ data: { type: "a", data: {}, createdAt: at } });
    expect(await partitionOf("events", "id", event.id)).toBe("events_default");
    const result = await ensurePartitions(sqlPool(database.db), { now: at, aheadDays: 0 });
    expect(result.created).toEqual([]);
    expect(result.skipped).toEqual([
      { day: at.toISOString().slice(0, 10), reason: expect.stringMatching(/default partition/) },
    ]);
    expect(await tablesLike(`%_p${at.toISOString().slice(0, 10).replace(/-/g, "")}`)).toEqual([]);
    expect(await database.db.event.findFirst({ where: { id: event.id } })).toMatchObject({ createdAt: at });
  });

  it("keeps event ids and idempotency keys unique across partitions (event_keys), for every insert path", async () => {
    const base = { tenantId: null, type: "a.b", data: "{}", patterns: ["*"] };
    const [first] = await createEvents(
      database.db,
      [{ ...base, id: "evt-unique", idempotencyKey: "global:k-unique" }],
      new Date(Date.now() - 2 * DAY),
    );
    expect(first!.kind).toBe("created");
    // Another day, another partition: still a conflict, for the id and for the key.
    const later = await createEvents(database.db, [
      { ...base, id: "evt-unique", idempotencyKey: null },
      { ...base, id: "evt-other", idempotencyKey: "global:k-unique" },
    ]);
    expect(later).toEqual([{ kind: "conflict" }, { kind: "conflict" }]);
    await expect(database.db.event.create({ data: { id: "evt-unique", type: "x", data: {} } })).rejects.toMatchObject({
      code: "P2002",
    });
    expect(await database.db.event.count({ where: { id: { in: ["evt-unique", "evt-other"] } } })).toBe(1);
  });

  it("keeps a client's event id unique within its tenant (or among global events) only, for every insert path", async () => {
    const tenant = await database.db.tenant.create({ data: { name: "ids" } });
    const base = { type: "a.b", data: "{}", idempotencyKey: null, patterns: ["*"] };
    const [first] = await createEvents(
      database.db,
      [{ ...base, id: "internal-1", clientId: "client-id-1", tenantId: null }],
      new Date(Date.now() - 2 * DAY),
    );
    expect(first!.kind).toBe("created");
    // Another day: still taken among global events, free in a tenant (once).
    const later = await createEvents(database.db, [
      { ...base, id: "internal-2", clientId: "client-id-1", tenantId: null },
      { ...base, id: "internal-3", clientId: "client-id-1", tenantId: tenant.id },
    ]);
    expect(later.map((o) => o.kind)).toEqual(["conflict", "created"]);
    for (const tenantId of [null, tenant.id])
      await expect(
        database.db.event.create({
          data: { id: "internal-4", clientId: "client-id-1", tenantId, type: "x", data: {} },
        }),
      ).rejects.toMatchObject({ code: "P2002" });
    const stored = await database.db.event.findMany({ where: { clientId: "client-id-1" }, orderBy: { id: "asc" } });
    expect(stored.map((e) => [e.id, e.tenantId])).toEqual([
      ["internal-1", null],
      ["internal-3", tenant.id],
    ]);
  });
});
