import { sqlPool, type Db } from "@herald/db";
import {
  type AttemptRecord,
  cancelPending,
  createDeliveryStore,
  loadDeliveries,
  recordAttempts,
  restartDeliveries,
  restartFailed,
} from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";

let database: TestDatabase;
const db = (): Db => database.db;

beforeAll(async () => {
  database = await createTestDatabase("delivery_store");
});
afterAll(() => database.drop());

type Status = "pending" | "success" | "failed" | "cancelled";

async function webhook({ tenantId = null }: { tenantId?: string | null } = {}) {
  return db().webhook.create({
    data: {
      url: "https://example.test/hook",
      events: ["*"],
      secretEncrypted: "sealed",
      tenantId,
      sealedHeaders: { "x-a": "v1.sealed" },
      rateLimit: 5,
    },
  });
}

async function deliveries({
  webhookId,
  count = 1,
  status = "pending",
  attemptCount = 0,
}: {
  webhookId: string;
  count?: number;
  status?: Status;
  attemptCount?: number;
}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = await db().event.create({ data: { type: "invoice.updated", data: { n: i } } });
    const d = await db().delivery.create({
      data: {
        eventId: event.id,
        webhookId,
        status,
        attemptCount,
        nextAttemptAt: new Date(),
        completedAt: status === "pending" ? null : new Date(),
      },
    });
    ids.push(d.id);
  }
  return ids;
}

const failedAttempt = (deliveryId: string, attemptNumber = 1): AttemptRecord => ({
  deliveryId,
  attemptNumber,
  at: new Date(),
  result: {
    statusCode: 500,
    durationMs: 12.4,
    error: "HTTP 500",
    responseBody: "no",
    responseHeaders: { "content-type": "text/plain" },
  },
  outcome: { status: "pending", retryAt: new Date(Date.now() + 60_000) },
});

/** Counts the statements run on the pool under `name` while `fn` runs. */
async function countStatements<T>(name: string, fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  const pool = sqlPool(db());
  const original = pool.query.bind(pool);
  let count = 0;
  pool.query = ((config: unknown, ...rest: unknown[]) => {
    if ((config as { name?: string })?.name === name) count++;
    return (original as (...args: unknown[]) => unknown)(config, ...rest);
  }) as typeof pool.query;
  try {
    return { result: await fn(), count };
  } finally {
    pool.query = original;
  }
}

describe("load", () => {
  it("loads many deliveries in one statement, in the order asked, in the Prisma models' shape", async () => {
    const hook = await webhook();
    const ids = await deliveries({ webhookId: hook.id, count: 3 });
    const missing = "0190a000-0000-7000-8000-000000000000";
    const loaded = await loadDeliveries(db(), [ids[2]!, missing, ids[0]!]);
    const viaPrisma = await db().delivery.findUniqueOrThrow({
      where: { id: ids[2]! },
      include: { event: true, webhook: true },
    });
    expect(loaded[0]).toEqual(viaPrisma);
    expect(loaded[1]).toBeNull();
    expect(loaded[2]?.id).toBe(ids[0]);
  });

  it("coalesces concurrent loads, a repeated id included, into one statement; a malformed id fails only its caller", async () => {
    const hook = await webhook();
    const ids = await deliveries({ webhookId: hook.id, count: 3 });
    const store = createDeliveryStore({ db: db() });
    const { result, count } = await countStatements("herald_load_deliveries", () =>
      Promise.allSettled([...ids, ids[0]!, "not-a-uuid"].map((id) => store.load(id))),
    );
    expect(count).toBe(1);
    expect(result.map((r) => (r.status === "fulfilled" ? r.value?.id : "rejected"))).toEqual([
      ...ids,
      ids[0],
      "rejected",
    ]);
    await store.close();
  });
});

describe("record attempts", () => {
  it("records several concurrent attempts in one statement", async () => {
    const hook = await webhook();
    const ids = await deliveries({ webhookId: hook.id, count: 4 });
    const store = createDeliveryStore({ db: db() });
    const { result, count } = await countStatements("herald_record_attempts", () =>
      Promise.all(ids.map((id) => store.recordAttempt(failedAttempt(id)))),
    );
    expect(count).toBe(1);
    expect(result).toEqual([true, true, true, true]);
    const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
    expect(
      rows.every(
        (r) =>
          r.status === "pending" &&
          r.attemptCount === 1 &&
          r.lastStatusCode === 500 &&
          r.lastError === "HTTP 500" &&
          r.nextAttemptAt! > new Date() &&
          r.completedAt === null,
      ),
    ).toBe(true);
    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: { in: ids } } });
    expect(attempts).toHaveLength(4);
    expect(attempts[0]).toMatchObject({
      attemptNumber: 1,
      statusCode: 500,
      durationMs: 12,
      error: "HTTP 500",
      responseBody: "no",
      responseHeaders: { "content-type": "text/plain" },
    });
    await store.close();
  });

  it("settles success and failure with completed_at and no next attempt", async () => {
    const hook = await webhook();
    const [ok, dead] = await deliveries({ webhookId: hook.id, count: 2, attemptCount: 2 });
    const applied = await recordAttempts(db(), [
      {
        ...failedAttempt(ok!, 3),
        result: { statusCode: 200, durationMs: 5, error: null, responseBody: null, responseHeaders: null },
        outcome: { status: "success" },
      },
      { ...failedAttempt(dead!, 3), outcome: { status: "failed" } },
    ]);
    expect(applied).toEqual([true, true]);
    const rows = await db().delivery.findMany({ where: { id: { in: [ok!, dead!] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.attemptCount, r.nextAttemptAt, r.completedAt instanceof Date])).toEqual([
      ["success", 3, null, true],
      ["failed", 3, null, true],
    ]);
  });

  it("records a superseded attempt without overwriting the delivery's state, beside one that applies", async () => {
    const hook = await webhook();
    const [raced, fresh, cancelled] = await deliveries({ webhookId: hook.id, count: 3 });
    await cancelPending(db(), { deliveryIds: [cancelled!] });
    // `raced` was retried meanwhile by another worker: it already has attempt 1.
    expect(await recordAttempts(db(), [failedAttempt(raced!)])).toEqual([true]);
    const before = await db().delivery.findUniqueOrThrow({ where: { id: raced! } });
    const applied = await recordAttempts(db(), [
      failedAttempt(raced!),
      failedAttempt(fresh!),
      failedAttempt(cancelled!),
    ]);
    expect(applied).toEqual([false, true, false]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: raced! } })).toEqual(before);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: cancelled! } })).status).toBe("cancelled");
    // Every attempt is kept, applied or not.
    expect(await db().deliveryAttempt.count({ where: { deliveryId: { in: [raced!, fresh!, cancelled!] } } })).toBe(4);
  });

  it("two attempts of one delivery from the same count in one batch: exactly one applies", async () => {
    const hook = await webhook();
    const [id] = await deliveries({ webhookId: hook.id });
    const applied = await recordAttempts(db(), [failedAttempt(id!), failedAttempt(id!)]);
    expect(applied.filter(Boolean)).toHaveLength(1);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: id! } })).attemptCount).toBe(1);
  });

  it("a record that is not valid fails only its own caller", async () => {
    const hook = await webhook();
    const [id] = await deliveries({ webhookId: hook.id });
    const store = createDeliveryStore({ db: db() });
    const results = await Promise.allSettled([
      store.recordAttempt(failedAttempt("nope")),
      store.recordAttempt(failedAttempt(id!)),
      store.recordAttempt({ ...failedAttempt(id!), attemptNumber: 0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "rejected"]);
    expect(await db().deliveryAttempt.count({ where: { deliveryId: id! } })).toBe(1);
    await store.close();
  });

  it("a batch whose statement fails rejects each caller with its error and writes nothing", async () => {
    const hook = await webhook();
    const ids = await deliveries({ webhookId: hook.id, count: 2 });
    const store = createDeliveryStore({ db: db() });
    // A duration past the int column's range passes validation but fails the statement.
    const results = await Promise.allSettled([
      store.recordAttempt(failedAttempt(ids[0]!)),
      store.recordAttempt({ ...failedAttempt(ids[1]!), result: { ...failedAttempt(ids[1]!).result, durationMs: 3e9 } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([
      expect.stringMatching(/out of range/),
      expect.stringMatching(/out of range/),
    ]);
    expect(await db().deliveryAttempt.count({ where: { deliveryId: { in: ids } } })).toBe(0);
    expect(await db().delivery.count({ where: { id: { in: ids }, attemptCount: 0, status: "pending" } })).toBe(2);
    await store.close();
  });

  it("close runs the attempts still being collected before it returns", async () => {
    const hook = await webhook();
    const [id] = await deliveries({ webhookId: hook.id });
    const store = createDeliveryStore({ db: db() });
    const recorded = store.recordAttempt(failedAttempt(id!));
    await store.close();
    await expect(recorded).resolves.toBe(true);
    await expect(store.recordAttempt(failedAttempt(id!, 2))).rejects.toThrow(/closed/);
  });
});

describe("cancel", () => {
  it("cancels pending deliveries only, with completed_at and no next attempt, by delivery, webhook or tenant", async () => {
    const tenant = await db().tenant.create({ data: { name: "acme" } });
    const [one, two, tenants] = await Promise.all([webhook(), webhook(), webhook({ tenantId: tenant.id })]);
    const [byId] = await deliveries({ webhookId: one.id });
    const [byWebhook] = await deliveries({ webhookId: two.id });
    const [byTenant] = await deliveries({ webhookId: tenants.id });
    const [done] = await deliveries({ webhookId: two.id, status: "success" });
    expect(await cancelPending(db(), { deliveryIds: [byId!] })).toBe(1);
    // Inside a transaction, as the API's deletes run with their audit entry.
    await db().$transaction(async (tx) => {
      expect(await cancelPending(tx, { webhookId: two.id })).toBe(1);
      expect(await cancelPending(tx, { tenantId: tenant.id })).toBe(1);
    });
    const rows = await db().delivery.findMany({ where: { id: { in: [byId!, byWebhook!, byTenant!] } } });
    expect(rows.map((r) => [r.status, r.nextAttemptAt, r.completedAt instanceof Date])).toEqual(
      Array(3).fill(["cancelled", null, true]),
    );
    expect((await db().delivery.findUniqueOrThrow({ where: { id: done! } })).status).toBe("success");
  });

  it("is undone with the transaction it ran in", async () => {
    const hook = await webhook();
    const [id] = await deliveries({ webhookId: hook.id });
    await expect(
      db().$transaction(async (tx) => {
        await cancelPending(tx, { webhookId: hook.id });
        throw new Error("audit write failed");
      }),
    ).rejects.toThrow("audit write failed");
    expect((await db().delivery.findUniqueOrThrow({ where: { id: id! } })).status).toBe("pending");
  });
});

describe("restart", () => {
  it("restarts only deliveries in a `from` state: pending, due now, the schedule counted from its attempts so far", async () => {
    const hook = await webhook();
    const [failed] = await deliveries({ webhookId: hook.id, status: "failed", attemptCount: 6 });
    const [pending] = await deliveries({ webhookId: hook.id, attemptCount: 2 });
    const before = Date.now();
    expect(await restartDeliveries(db(), { ids: [failed!, pending!], from: ["failed", "success"] })).toBe(1);
    const row = await db().delivery.findUniqueOrThrow({ where: { id: failed! } });
    expect(row).toMatchObject({ status: "pending", attemptCount: 6, attemptsAtRestart: 6, completedAt: null });
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: pending! } })).attemptCount).toBe(2);
  });

  it("restarts failed deliveries in pages by filter, inside a transaction", async () => {
    const tenant = await db().tenant.create({ data: { name: "pages" } });
    const hook = await webhook({ tenantId: tenant.id });
    const other = await webhook();
    const failed = await deliveries({ webhookId: hook.id, count: 3, status: "failed" });
    await db().delivery.updateMany({ where: { id: { in: failed } }, data: { tenantId: tenant.id } });
    const [elsewhere] = await deliveries({ webhookId: other.id, status: "failed" });
    const first = await db().$transaction((tx) =>
      restartFailed(tx, { filter: { tenantId: tenant.id, liveWebhooks: true }, limit: 2 }),
    );
    expect(first).toEqual(failed.slice(0, 2).map((id) => ({ id, webhookId: hook.id })));
    expect(
      await restartFailed(db(), {
        filter: { webhookId: hook.id, createdFrom: new Date(0), createdBefore: new Date(Date.now() + 1000) },
        limit: 2,
      }),
    ).toEqual([{ id: failed[2], webhookId: hook.id }]);
    expect(await restartFailed(db(), { filter: { webhookId: hook.id }, limit: 2 })).toEqual([]);
    expect((await db().delivery.findUniqueOrThrow({ where: { id: elsewhere! } })).status).toBe("failed");
  });
});
