import request from "supertest";
import { registeredOperations } from "../src/openapi/registry.ts";
import { portalOperations } from "../src/routes/tenants/portal-sessions/portal-access.ts";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// What a tenant portal session may do, route by route: the lists are written
// out here (not read from the allow list) so a change to the allow list is a
// visible change to this test.
let t: TestApp;
let acme: TenantWithKey;
let other: TenantWithKey;
let portal: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp("portal-access");
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
  const minted = await request(t.app)
    .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
    .set("authorization", t.admin)
    .send({})
    .expect(201);
  portal = `Bearer ${decodeURIComponent(new URL(minted.body.url).hash.slice("#token=".length))}`;
  ids.webhook = (await createWebhook(t, acme.auth, { events: ["*"] })).id;
  ids.otherWebhook = (await createWebhook(t, other.auth, { events: ["*"] })).id;
  const event = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", acme.auth)
    .send({ type: "invoice.updated", data: {} })
    .expect(202);
  ids.event = event.body.id;
  const otherEvent = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", other.auth)
    .send({ type: "invoice.updated", data: {} })
    .expect(202);
  for (const [name, eventId] of [
    ["delivery", ids.event],
    ["otherDelivery", otherEvent.body.id],
  ] as const) {
    const row = await t.deps.db.delivery.findFirstOrThrow({ where: { eventId } });
    await t.deps.db.delivery.update({ where: { id: row.id }, data: { status: "failed", completedAt: new Date() } });
    ids[name] = row.id;
  }
  ids.audit = (await t.deps.db.auditLog.findFirstOrThrow({ where: { tenantId: acme.id } })).id;
  ids.apiKey = (await t.deps.db.apiKey.findFirstOrThrow({ where: { tenantId: acme.id } })).id;
  await request(t.app)
    .post("/api/v1/event-types")
    .set("authorization", t.admin)
    .send({ name: "invoice.updated" })
    .expect(201);
});
afterAll(() => t.close());

type Call = [method: "get" | "post" | "patch" | "delete", path: () => string, body?: Record<string, unknown>];

const forbidden: Call[] = [
  ["get", () => "/api/v1/api-keys"],
  ["post", () => "/api/v1/api-keys", { name: "x", admin: true }],
  ["get", () => `/api/v1/api-keys/${ids.apiKey}`],
  ["delete", () => `/api/v1/api-keys/${ids.apiKey}`],
  ["get", () => "/api/v1/tenants"],
  ["post", () => "/api/v1/tenants", { name: "x" }],
  ["get", () => `/api/v1/tenants/${acme.id}`],
  ["patch", () => `/api/v1/tenants/${acme.id}`, { name: "x" }],
  ["delete", () => `/api/v1/tenants/${acme.id}`],
  ["post", () => `/api/v1/tenants/${acme.id}/consent`, { purpose: "p" }],
  ["get", () => `/api/v1/tenants/${acme.id}/consent`],
  ["delete", () => `/api/v1/tenants/${acme.id}/consent/p`],
  ["post", () => `/api/v1/tenants/${acme.id}/portal-sessions`, {}],
  ["get", () => `/api/v1/tenants/${acme.id}/portal-sessions`],
  ["post", () => "/api/v1/maintenance/purge-expired"],
  ["post", () => "/api/v1/maintenance/rotate-encryption-key", { old_key: "o".repeat(20), new_key: "n".repeat(20) }],
  ["get", () => "/api/v1/audit-logs"],
  ["get", () => `/api/v1/audit-logs/${ids.audit}`],
  ["post", () => "/api/v1/event-types", { name: "new.type" }],
  ["patch", () => "/api/v1/event-types/invoice.updated", { description: "d" }],
  ["delete", () => "/api/v1/event-types/invoice.updated"],
  ["post", () => "/api/v1/events", { type: "invoice.updated", data: {} }],
];

const allowed: Call[] = [
  ["get", () => "/api/v1/whoami"],
  ["get", () => "/api/v1/webhooks"],
  ["get", () => `/api/v1/webhooks/${ids.webhook}`],
  ["patch", () => `/api/v1/webhooks/${ids.webhook}`, { description: "from the portal" }],
  ["patch", () => `/api/v1/webhooks/${ids.webhook}`, { enabled: false }],
  ["patch", () => `/api/v1/webhooks/${ids.webhook}`, { enabled: true }],
  ["post", () => `/api/v1/webhooks/${ids.webhook}/rotate-secret`, {}],
  ["post", () => `/api/v1/webhooks/${ids.webhook}/test`, { event: "ping" }],
  ["post", () => `/api/v1/webhooks/${ids.webhook}/filter/test`, { payload: { type: "a.b", data: {} } }],
  ["get", () => `/api/v1/webhooks/${ids.webhook}/deliveries`],
  ["get", () => `/api/v1/deliveries/${ids.delivery}`],
  ["get", () => "/api/v1/webhooks/deliveries/stats"],
  ["get", () => "/api/v1/webhooks/deliveries/failed"],
  ["post", () => `/api/v1/webhooks/deliveries/${ids.delivery}/retry`],
  ["post", () => `/api/v1/webhooks/${ids.webhook}/recover`, { since: "2026-01-01T00:00:00Z" }],
  ["get", () => "/api/v1/event-types"],
  ["get", () => "/api/v1/event-types/invoice.updated"],
  ["get", () => `/api/v1/events/${ids.event}`],
  ["get", () => `/api/v1/webhooks/health?ids=${ids.webhook}`],
  ["get", () => `/api/v1/stats/deliveries?webhook_id=${ids.webhook}`],
];

function call(auth: string, [method, path, body]: Call) {
  const req = request(t.app)[method](path()).set("authorization", auth);
  return body ? req.send(body) : req;
}

describe("a portal session's reach", () => {
  it("is an allow list of operations that exist", () => {
    const registered = registeredOperations().map((op) => `${op.method} ${op.path}`);
    expect(portalOperations().filter((op) => !registered.includes(op))).toEqual([]);
  });

  it("is refused with 403 on every admin, key and publishing route", async () => {
    const results = [];
    for (const c of forbidden) {
      const res = await call(portal, c);
      results.push(`${c[0]} ${c[1]()} → ${res.status} ${res.body.error?.message}`);
    }
    expect(results).toEqual(
      forbidden.map((c) => `${c[0]} ${c[1]()} → 403 a tenant portal session cannot use this endpoint`),
    );
    expect(await t.deps.db.tenant.count({ where: { deletedAt: null } })).toBe(2);
  });

  it("reaches its tenant's webhooks, deliveries, DLQ, event types and events", async () => {
    const results = [];
    for (const c of allowed) {
      const res = await call(portal, c);
      results.push(
        `${c[0]} ${c[1]()} → ${res.status >= 200 && res.status < 300 ? "2xx" : `${res.status} ${JSON.stringify(res.body)}`}`,
      );
    }
    expect(results).toEqual(allowed.map((c) => `${c[0]} ${c[1]()} → 2xx`));
    const changed = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: ids.webhook, action: "webhook.updated" },
      orderBy: { id: "desc" },
    });
    expect(changed.actorId).toMatch(/^portal:/);
  });

  it("creates and deletes webhooks of its own tenant only", async () => {
    const created = await request(t.app)
      .post("/api/v1/webhooks")
      .set("authorization", portal)
      .send({ url: "https://127.0.0.1/p", events: ["a.b"] })
      .expect(201);
    expect(created.body.tenant_id).toBe(acme.id);
    const foreign = await request(t.app)
      .post("/api/v1/webhooks")
      .set("authorization", portal)
      .send({ url: "https://127.0.0.1/p", events: ["a.b"], tenant_id: other.id });
    expect(foreign.status).toBe(404);
    await request(t.app).delete(`/api/v1/webhooks/${created.body.id}`).set("authorization", portal).expect(204);
  });

  it("sees nothing of another tenant, exactly like its tenant's key", async () => {
    for (const path of [
      `/api/v1/webhooks/${ids.otherWebhook}`,
      `/api/v1/deliveries/${ids.otherDelivery}`,
      `/api/v1/webhooks/${ids.otherWebhook}/deliveries`,
    ]) {
      expect([path, (await request(t.app).get(path).set("authorization", portal)).status]).toEqual([path, 404]);
    }
    const list = await request(t.app).get("/api/v1/webhooks").set("authorization", portal).expect(200);
    expect(list.body.map((w: { tenant_id: string }) => w.tenant_id)).toEqual(list.body.map(() => acme.id));
    const failed = await request(t.app)
      .get("/api/v1/webhooks/deliveries/failed")
      .set("authorization", portal)
      .expect(200);
    expect(JSON.stringify(failed.body)).not.toContain(ids.otherDelivery);
  });

  it("retries all failed deliveries of its tenant and none of another's", async () => {
    await t.deps.db.delivery.update({
      where: { id: ids.delivery },
      data: { status: "failed", completedAt: new Date() },
    });
    const res = await request(t.app)
      .post("/api/v1/webhooks/deliveries/retry-all")
      .set("authorization", portal)
      .expect(200);
    expect(res.body).toEqual({ retried: 1, dry_run: false });
    expect((await t.deps.db.delivery.findUniqueOrThrow({ where: { id: ids.otherDelivery } })).status).toBe("failed");
    expect((await t.deps.db.delivery.findUniqueOrThrow({ where: { id: ids.delivery } })).status).toBe("pending");
  });
});
