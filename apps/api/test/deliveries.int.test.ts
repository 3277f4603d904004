import request from "supertest";
import { partitionQueueName } from "@herald/engine";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// The dead-letter queue endpoints over delivery rows written directly (no
// worker): scoping, filters, pagination, and when a retry is refused.
let t: TestApp;
let tenantId: string;
let tenantKey: string;

beforeAll(async () => {
  t = await createTestApp("deliveries");
  tenantId = (await createTenant(t.deps.db)).id;
  tenantKey = await createTenantKey(t.deps.db, tenantId);
});
afterAll(() => t.close());

type Status = "pending" | "success" | "failed" | "cancelled";
const hook = (over: Partial<Parameters<typeof createWebhook>[1]> = {}) =>
  createWebhook(t.deps.db, {
    url: "https://receiver.example/hook",
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
    ...over,
  });
async function delivery(webhookId: string, status: Status, tenant: string | null = null) {
  const event = await t.deps.db.event.create({ data: { type: "thing.happened", tenantId: tenant, data: { k: 1 } } });
  return t.deps.db.delivery.create({
    data: {
      eventId: event.id,
      webhookId,
      tenantId: tenant,
      status,
      attemptCount: status === "pending" ? 0 : 3,
      lastError: status === "failed" ? "HTTP 500" : null,
    },
  });
}
const get = (path: string, auth = t.admin) => request(t.app).get(`/api/v1${path}`).set("authorization", auth);
const post = (path: string, auth = t.admin) => request(t.app).post(`/api/v1${path}`).set("authorization", auth);

describe("stats and the failed list", () => {
  it("counts by status within the caller's scope", async () => {
    const own = await hook({ tenantId });
    const global = await hook();
    for (const s of ["pending", "success", "success", "failed", "cancelled"] as const)
      await delivery(own.id, s, tenantId);
    await delivery(global.id, "failed", tenantId);
    await delivery(global.id, "failed");
    expect((await get("/webhooks/deliveries/stats", tenantKey)).body).toEqual({
      total: 5,
      pending: 1,
      success: 2,
      failed: 1,
      cancelled: 1,
    });
    expect((await get("/webhooks/deliveries/stats")).body).toEqual({
      total: 7,
      pending: 1,
      success: 2,
      failed: 3,
      cancelled: 1,
    });
  });

  it("lists failed deliveries newest first with webhook and event, paged, limit 1–500", async () => {
    const res = await get("/webhooks/deliveries/failed?limit=2");
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body[0].id > res.body[1].id).toBe(true);
    expect(res.body[0]).toMatchObject({
      status: "failed",
      last_error: "HTTP 500",
      webhook: { url: "https://receiver.example/hook" },
      event: { type: "thing.happened", data: { k: 1 } },
    });
    const next = await get(`/webhooks/deliveries/failed?limit=2&cursor=${res.headers["x-next-cursor"]}`);
    expect(next.body).toHaveLength(1);
    expect(next.headers["x-next-cursor"]).toBeUndefined();
    expect((await get("/webhooks/deliveries/failed", tenantKey)).body).toHaveLength(1);
    for (const bad of ["0", "501", "ten"]) {
      const r = await get(`/webhooks/deliveries/failed?limit=${bad}`);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].field).toBe("limit");
    }
  });
});

describe("GET /webhooks/:id/deliveries", () => {
  it("filters by status, pages, and hides other tenants' and deleted webhooks", async () => {
    const own = await hook({ tenantId });
    for (const s of ["failed", "success", "success"] as const) await delivery(own.id, s, tenantId);
    const all = await get(`/webhooks/${own.id}/deliveries`, tenantKey);
    expect(all.body.map((d: { status: string }) => d.status)).toEqual(["success", "success", "failed"]);
    expect((await get(`/webhooks/${own.id}/deliveries?status=failed`, tenantKey)).body).toHaveLength(1);
    const page = await get(`/webhooks/${own.id}/deliveries?limit=1`, tenantKey);
    expect(page.body).toHaveLength(1);
    expect(page.headers.link).toContain("cursor=");
    expect((await get(`/webhooks/${own.id}/deliveries?status=lost`, tenantKey)).status).toBe(400);
    const global = await hook();
    expect((await get(`/webhooks/${global.id}/deliveries`, tenantKey)).status).toBe(404);
    const gone = await hook({ deletedAt: new Date() });
    expect((await get(`/webhooks/${gone.id}/deliveries`)).status).toBe(404);
    expect((await get(`/webhooks/not-a-uuid/deliveries`)).status).toBe(400);
  });
});

describe("retry", () => {
  it("re-queues a failed delivery, replacing its failed job, with the counter reset", async () => {
    const own = await hook({ tenantId });
    const d = await delivery(own.id, "failed", tenantId);
    // The failed job the worker left behind; an add with the same id would be swallowed without replacing it.
    await t.deps.deliveryQueues.queueOf(own.id).add("deliver", { deliveryId: d.id }, { jobId: d.id });
    const keys = `${t.deps.config.queuePrefix}:${partitionQueueName(t.deps.deliveryQueues.partitionOf(own.id))}`;
    await t.deps.redis.lrem(`${keys}:wait`, 0, d.id);
    await t.deps.redis.zadd(`${keys}:failed`, Date.now(), d.id);
    expect(await t.deps.deliveryQueues.getJobState(d.id)).toBe("failed");
    const res = await post(`/webhooks/deliveries/${d.id}/retry`, tenantKey);
    expect(res.body).toEqual({ success: true });
    expect(await t.deps.deliveryQueues.getJobState(d.id)).toBe("waiting");
    expect(await t.deps.db.delivery.findUnique({ where: { id: d.id } })).toMatchObject({
      status: "pending",
      attemptCount: 3,
      attemptsAtRestart: 3,
      completedAt: null,
    });
  });

  it("resends a successful delivery", async () => {
    const d = await delivery((await hook()).id, "success");
    expect((await post(`/webhooks/deliveries/${d.id}/retry`)).status).toBe(200);
    expect(await t.deps.deliveryQueues.getJobState(d.id)).toBe("waiting");
  });

  it("refuses pending and cancelled deliveries, and those of disabled or deleted webhooks", async () => {
    const live = await hook();
    const cases: Array<[string, number]> = [
      [(await delivery(live.id, "pending")).id, 409],
      [(await delivery(live.id, "cancelled")).id, 409],
      [(await delivery((await hook({ enabled: false })).id, "failed")).id, 409],
      [(await delivery((await hook({ deletedAt: new Date() })).id, "failed")).id, 409],
      ["0190d2a4-0000-7000-8000-000000000000", 404],
      ["nope", 400],
    ];
    for (const [id, status] of cases)
      expect([id, (await post(`/webhooks/deliveries/${id}/retry`)).status]).toEqual([id, status]);
  });

  it("retry-all re-queues the caller's failed deliveries of live, enabled webhooks", async () => {
    const tenant = await createTenant(t.deps.db, "retry-all");
    const key = await createTenantKey(t.deps.db, tenant.id);
    const live = await hook({ tenantId: tenant.id });
    const disabled = await hook({ tenantId: tenant.id, enabled: false });
    const a = await delivery(live.id, "failed", tenant.id);
    const b = await delivery(live.id, "failed", tenant.id);
    const held = await delivery(disabled.id, "failed", tenant.id);
    expect((await post("/webhooks/deliveries/retry-all", key)).body).toEqual({ retried: 2, dry_run: false });
    const rows = await t.deps.db.delivery.findMany({
      where: { id: { in: [a.id, b.id, held.id] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending", "failed"]);
    expect((await post("/webhooks/deliveries/retry-all", key)).body).toEqual({ retried: 0, dry_run: false });
  });
});

describe("Bull Board at /admin/queues", () => {
  it("asks a browser for credentials and admits only the admin key", async () => {
    const anonymous = await request(t.app).get("/admin/queues");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toMatch(/^Basic realm=/);
    expect((await request(t.app).get("/admin/queues").set("authorization", tenantKey)).status).toBe(403);
    expect((await request(t.app).get("/admin/queues").auth("admin", "wrong")).status).toBe(401);
    const basic = await request(t.app).get("/admin/queues").auth("admin", t.adminKey);
    expect(basic.status).toBe(200);
    expect(basic.text).toContain("<html");
    const api = await request(t.app).get("/admin/queues/api/queues").set("authorization", t.admin);
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string; displayName: string }) => [q.name, q.displayName])).toEqual([
      ["{deliveries-0}", "deliveries, partition 0"],
    ]);
  });
});
