import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Tenant A's key against tenant B's (and global) resources: always 403/404
// with the error body, never B's data; and B's resources are unchanged.
let t: TestApp;
let a: TenantWithKey;
let b: TenantWithKey;
let bHook: { id: string };
let globalHook: { id: string };
let bAuditId: string;
let globalAuditId: string;

beforeAll(async () => {
  t = await createTestApp("isolation");
  a = await createTenantWithKey(t, "tenant-a");
  b = await createTenantWithKey(t, "tenant-b");
  bHook = await createWebhook(t, b.auth, { url: "https://127.0.0.1:9/b-only", description: "b-private" });
  globalHook = await createWebhook(t, t.admin, { url: "https://127.0.0.1:9/global" });
  await request(t.app)
    .post(`/api/v1/tenants/${b.id}/consent`)
    .set("authorization", b.auth)
    .send({ purpose: "b_purpose" })
    .expect(201);
  bAuditId = (await t.deps.db.auditLog.findFirstOrThrow({ where: { tenantId: b.id } })).id;
  globalAuditId = (await t.deps.db.auditLog.findFirstOrThrow({ where: { tenantId: null } })).id;
});
afterAll(() => t.close());

type Case = [string, () => request.Test, number[]];
const cases: Case[] = [
  ["GET B's webhook", () => request(t.app).get(`/api/v1/webhooks/${bHook.id}`), [404]],
  ["PATCH B's webhook", () => request(t.app).patch(`/api/v1/webhooks/${bHook.id}`).send({ enabled: false }), [404]],
  ["DELETE B's webhook", () => request(t.app).delete(`/api/v1/webhooks/${bHook.id}`), [404]],
  [
    "move B's webhook to A",
    () => request(t.app).patch(`/api/v1/webhooks/${bHook.id}`).send({ tenant_id: a.id }),
    [404],
  ],
  ["GET a global webhook", () => request(t.app).get(`/api/v1/webhooks/${globalHook.id}`), [404]],
  [
    "PATCH a global webhook",
    () => request(t.app).patch(`/api/v1/webhooks/${globalHook.id}`).send({ enabled: false }),
    [404],
  ],
  ["DELETE a global webhook", () => request(t.app).delete(`/api/v1/webhooks/${globalHook.id}`), [404]],
  ["list B's webhooks", () => request(t.app).get(`/api/v1/webhooks?tenant_id=${b.id}`), [404]],
  [
    "create a webhook for B",
    () =>
      request(t.app)
        .post("/api/v1/webhooks")
        .send({ url: "https://127.0.0.1/x", events: ["a"], tenant_id: b.id }),
    [404],
  ],
  [
    "create a global webhook",
    () =>
      request(t.app)
        .post("/api/v1/webhooks")
        .send({ url: "https://127.0.0.1/x", events: ["a"], tenant_id: null }),
    [404],
  ],
  ["GET B's audit entry", () => request(t.app).get(`/api/v1/audit-logs/${bAuditId}`), [404]],
  ["GET a global audit entry", () => request(t.app).get(`/api/v1/audit-logs/${globalAuditId}`), [404]],
  ["list B's audit entries", () => request(t.app).get(`/api/v1/audit-logs?tenant_id=${b.id}`), [404]],
  ["GET B's consent", () => request(t.app).get(`/api/v1/tenants/${b.id}/consent`), [404]],
  [
    "grant B's consent",
    () => request(t.app).post(`/api/v1/tenants/${b.id}/consent`).send({ purpose: "sneaky" }),
    [404],
  ],
  ["revoke B's consent", () => request(t.app).delete(`/api/v1/tenants/${b.id}/consent/b_purpose`), [404]],
  ["GET tenant B", () => request(t.app).get(`/api/v1/tenants/${b.id}`), [403]],
  ["PATCH tenant B", () => request(t.app).patch(`/api/v1/tenants/${b.id}`).send({ name: "pwned" }), [403]],
  ["DELETE tenant B", () => request(t.app).delete(`/api/v1/tenants/${b.id}`), [403]],
  ["list API keys", () => request(t.app).get(`/api/v1/api-keys?tenant_id=${b.id}`), [403]],
  ["create a key for B", () => request(t.app).post("/api/v1/api-keys").send({ name: "x", tenant_id: b.id }), [403]],
  [
    "rotate the encryption key",
    () =>
      request(t.app)
        .post("/api/v1/maintenance/rotate-encryption-key")
        .send({ old_key: "x".repeat(20), new_key: "y".repeat(20) }),
    [403],
  ],
  ["register an event type", () => request(t.app).post("/api/v1/event-types").send({ name: "a.b" }), [403]],
];

describe("tenant A's key against tenant B's resources", () => {
  it.each(cases)("%s → refused without data", async (_name, make, statuses) => {
    const res = await make().set("authorization", a.auth);
    expect(statuses).toContain(res.status);
    expect(Object.keys(res.body)).toEqual(["error"]);
    const text = JSON.stringify(res.body);
    for (const leak of [b.id, bHook.id, "b-only", "b-private", "b_purpose"]) expect(text).not.toContain(leak);
  });

  it("lists only A's own webhooks and audit entries", async () => {
    await createWebhook(t, a.auth, {});
    const hooks = await request(t.app).get("/api/v1/webhooks").set("authorization", a.auth);
    expect(hooks.body.length).toBe(1);
    expect(hooks.body.every((w: { tenant_id: string }) => w.tenant_id === a.id)).toBe(true);
    const audit = await request(t.app).get("/api/v1/audit-logs?limit=100").set("authorization", a.auth);
    expect(audit.body.length).toBeGreaterThan(0);
    expect(audit.body.every((e: { tenant_id: string }) => e.tenant_id === a.id)).toBe(true);
  });

  it("a tenant key creating a webhook gets its own tenant", async () => {
    const hook = await createWebhook(t, a.auth, { tenant_id: a.id });
    expect(hook.tenant_id).toBe(a.id);
    const implicit = await createWebhook(t, a.auth, {});
    expect(implicit.tenant_id).toBe(a.id);
  });

  it("left B's resources as they were", async () => {
    const hook = await request(t.app).get(`/api/v1/webhooks/${bHook.id}`).set("authorization", b.auth);
    expect(hook.body).toMatchObject({ enabled: true, tenant_id: b.id });
    expect((await request(t.app).get(`/api/v1/tenants/${b.id}`).set("authorization", t.admin)).body.name).toBe(
      "tenant-b",
    );
    const consent = await request(t.app).get(`/api/v1/tenants/${b.id}/consent`).set("authorization", b.auth);
    expect(consent.body.map((c: { purpose: string }) => c.purpose)).toEqual(["b_purpose"]);
    expect(
      (await request(t.app).get(`/api/v1/webhooks/${globalHook.id}`).set("authorization", t.admin)).body.enabled,
    ).toBe(true);
  });
});
