import { ensurePartitions, Prisma, sqlPool } from "@herald/db";
import request from "supertest";
import { deliveryBucketsSql } from "../src/routes/stats/delivery-series.service.ts";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;
let t: TestApp;
let acme: TenantWithKey;
let other: TenantWithKey;
const hooks: Record<string, string> = {};
// The minute bucket where the attempts below land: a few minutes ahead, as
// attempts come after their deliveries, which are created now.
const base = Math.floor((Date.now() + 5 * MINUTE) / MINUTE) * MINUTE;

async function deliveryOf(auth: string, type: string): Promise<string> {
  const event = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", auth)
    .send({ type, data: {} })
    .expect(202);
  return (await t.deps.db.delivery.findFirstOrThrow({ where: { eventId: event.body.id } })).id;
}

async function attempt(
  deliveryId: string,
  {
    at,
    statusCode,
    durationMs,
    n,
    deadLettered = false,
  }: { at: number; statusCode: number | null; durationMs: number; n: number; deadLettered?: boolean },
) {
  await t.deps.db.deliveryAttempt.create({
    data: { deliveryId, attemptNumber: n, statusCode, durationMs, deadLettered, createdAt: new Date(at) },
  });
}

beforeAll(async () => {
  t = await createTestApp("delivery-series");
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
  hooks.one = (await createWebhook(t, acme.auth, { events: ["one.*"] })).id;
  hooks.two = (await createWebhook(t, acme.auth, { events: ["two.*"] })).id;
  hooks.foreign = (await createWebhook(t, other.auth, { events: ["*"] })).id;
  const one = await deliveryOf(acme.auth, "one.a");
  const two = await deliveryOf(acme.auth, "two.a");
  const foreign = await deliveryOf(other.auth, "x.a");
  await attempt(one, { at: base + 1000, statusCode: 200, durationMs: 100, n: 1 });
  await attempt(one, { at: base + 2000, statusCode: 500, durationMs: 300, n: 2 });
  await attempt(one, { at: base + 3000, statusCode: 204, durationMs: 200, n: 3 });
  // Dead-lettered by its first attempt, then replayed (pending again): the dead letter still counts when it happened.
  await attempt(two, { at: base + 2 * MINUTE + 1000, statusCode: null, durationMs: 5000, n: 1, deadLettered: true });
  await t.deps.db.delivery.update({ where: { id: two }, data: { status: "pending", attemptsAtRestart: 1 } });
  await attempt(foreign, { at: base + 1000, statusCode: 200, durationMs: 50, n: 1 });
});
afterAll(() => t.close());

const series = (auth: string, query: string) =>
  request(t.app).get(`/api/v1/stats/deliveries?${query}`).set("authorization", auth);
const iso = (ms: number) => new Date(ms).toISOString();
const empty = {
  succeeded: 0,
  failed: 0,
  dead_lettered: 0,
  attempts: 0,
  latency_ms: { p50: null, p95: null, max: null },
};

describe("GET /stats/deliveries", () => {
  it("counts a tenant's attempts by outcome, their latency and its dead letters per minute, every bucket filled", async () => {
    const res = await series(acme.auth, `from=${iso(base - 2 * MINUTE)}&to=${iso(base + 4 * MINUTE)}&bucket=minute`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bucket: "minute", from: iso(base - 2 * MINUTE), to: iso(base + 4 * MINUTE) });
    expect(res.body.series).toEqual([
      { start: iso(base - 2 * MINUTE), ...empty },
      { start: iso(base - MINUTE), ...empty },
      {
        start: iso(base),
        succeeded: 2,
        failed: 1,
        dead_lettered: 0,
        attempts: 3,
        latency_ms: { p50: 200, p95: 290, max: 300 },
      },
      { start: iso(base + MINUTE), ...empty },
      {
        start: iso(base + 2 * MINUTE),
        succeeded: 0,
        failed: 1,
        dead_lettered: 1,
        attempts: 1,
        latency_ms: { p50: 5000, p95: 5000, max: 5000 },
      },
      { start: iso(base + 3 * MINUTE), ...empty },
    ]);
  });

  it("narrows to one webhook, and an admin sees every tenant's", async () => {
    const range = `from=${iso(base)}&to=${iso(base + 3 * MINUTE)}`;
    const one = await series(acme.auth, `${range}&webhook_id=${hooks.one}`).expect(200);
    expect(one.body.series.map((b: { attempts: number }) => b.attempts)).toEqual([3, 0, 0]);
    const admin = await series(t.admin, range).expect(200);
    expect(admin.body.series.map((b: { attempts: number; succeeded: number }) => [b.attempts, b.succeeded])).toEqual([
      [4, 3],
      [0, 0],
      [1, 0],
    ]);
    const foreign = await series(acme.auth, `${range}&webhook_id=${hooks.foreign}`);
    expect([foreign.status, foreign.body.error.details[0].field]).toEqual([404, "webhook_id"]);
  });

  it("defaults to the last hour by minute, or the last day by hour", async () => {
    const minutes = await series(acme.auth, "").expect(200);
    expect(Date.parse(minutes.body.to) - Date.parse(minutes.body.from)).toBe(60 * MINUTE);
    expect(minutes.body.series.length).toBeGreaterThanOrEqual(60);
    expect(minutes.body.series.length).toBeLessThanOrEqual(61);
    const hours = await series(acme.auth, `bucket=hour&to=${iso(base + 4 * MINUTE)}`).expect(200);
    expect(Date.parse(hours.body.to) - Date.parse(hours.body.from)).toBe(DAY);
    expect(hours.body.series.length).toBeGreaterThanOrEqual(24);
    const total = hours.body.series.reduce((n: number, b: { attempts: number }) => n + b.attempts, 0);
    expect(total).toBe(4);
  });

  it("refuses bad ranges and parameters naming the field", async () => {
    const to = base + 4 * MINUTE;
    for (const [query, field] of [
      [`from=${iso(to)}&to=${iso(base)}`, "from"],
      [`from=${iso(to - 1441 * MINUTE)}&to=${iso(to)}`, "from"],
      [`from=${iso(to - 61 * DAY)}&to=${iso(to)}&bucket=hour`, "from"],
      ["from=yesterday", "from"],
      ["to=2026-13-45", "to"],
      ["bucket=second", "bucket"],
      ["webhook_id=x", "webhook_id"],
      ["limit=10", "limit"],
    ] as const) {
      const res = await series(acme.auth, query);
      expect([query, res.status, res.body.error.details[0]?.field]).toEqual([query, 400, field]);
    }
    await series(acme.auth, `from=${iso(to - 1440 * MINUTE)}&to=${iso(to)}`).expect(200);
  });

  it("reads only the partitions that can hold the range", async () => {
    const pool = sqlPool(t.deps.db);
    const old = Date.now() - 10 * DAY;
    await ensurePartitions(pool, { now: new Date(old), aheadDays: 0 });
    const oldDay = new Date(old).toISOString().slice(0, 10).replace(/-/g, "");
    const plan = await t.deps.db.$queryRaw<{ "QUERY PLAN": string }[]>(
      Prisma.sql`EXPLAIN ${deliveryBucketsSql({ from: new Date(base), to: new Date(base + MINUTE), bucket: "minute", tenantId: null, webhookId: null })}`,
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, "");
    expect(text).toContain(`delivery_attempts_p${today}`);
    expect(text).toContain(`deliveries_p${today}`);
    expect(text).not.toContain(`_p${oldDay}`);
  });
});
