import { hashApiKey } from "@herald/crypto";
import request from "supertest";
import { createTenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("tenants");
});
afterAll(() => t.close());

describe("/tenants", () => {
  it("creates, reads, lists, updates and deletes a tenant", async () => {
    const created = await request(t.app)
      .post("/api/v1/tenants")
      .set("authorization", t.admin)
      .send({ name: "Acme", notification_email: "ops@acme.test", metadata: { plan: "pro" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Acme",
      notification_email: "ops@acme.test",
      metadata: { plan: "pro" },
    });
    const id = created.body.id;
    expect((await request(t.app).get(`/api/v1/tenants/${id}`).set("authorization", t.admin)).body.name).toBe("Acme");
    const patched = await request(t.app)
      .patch(`/api/v1/tenants/${id}`)
      .set("authorization", t.admin)
      .send({ name: "Acme Inc", metadata: null });
    expect(patched.body).toMatchObject({ name: "Acme Inc", metadata: null });
    const list = await request(t.app).get("/api/v1/tenants").set("authorization", t.admin);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(id);
    expect((await request(t.app).delete(`/api/v1/tenants/${id}`).set("authorization", t.admin)).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/tenants/${id}`).set("authorization", t.admin)).status).toBe(404);
    const actions = (await t.deps.db.auditLog.findMany({ where: { resourceId: id }, orderBy: { id: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(["tenant.created", "tenant.updated", "tenant.deleted"]);
    const deleted = await t.deps.db.auditLog.findFirstOrThrow({ where: { resourceId: id, action: "tenant.deleted" } });
    expect(deleted.changes).toEqual({ api_keys_revoked: 0, webhooks_deleted: 0, deliveries_cancelled: 0 });
  });

  it("deleting a tenant revokes its keys and removes its webhooks", async () => {
    const tenant = await createTenantWithKey(t, "doomed");
    const hook = await request(t.app)
      .post("/api/v1/webhooks")
      .set("authorization", tenant.auth)
      .send({ url: "https://127.0.0.1/x", events: ["a"] });
    expect(hook.status).toBe(201);
    await request(t.app).delete(`/api/v1/tenants/${tenant.id}`).set("authorization", t.admin).expect(204);
    expect((await request(t.app).get("/api/v1/webhooks").set("authorization", tenant.auth)).status).toBe(401);
    expect((await request(t.app).get(`/api/v1/webhooks/${hook.body.id}`).set("authorization", t.admin)).status).toBe(
      404,
    );
  });

  it("refuses bad input naming the field", async () => {
    const res = await request(t.app).post("/api/v1/tenants").set("authorization", t.admin).send({ name: "" });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("name");
    const email = await request(t.app)
      .post("/api/v1/tenants")
      .set("authorization", t.admin)
      .send({ name: "x", notification_email: 5 });
    expect(email.body.error.details[0].field).toBe("notification_email");
  });

  it("is admin only", async () => {
    const tenant = await createTenantWithKey(t, "nosy");
    for (const r of [
      request(t.app).get("/api/v1/tenants"),
      request(t.app).get(`/api/v1/tenants/${tenant.id}`),
      request(t.app).post("/api/v1/tenants").send({ name: "x" }),
    ]) {
      const res = await r.set("authorization", tenant.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
  });
});

describe("/api-keys", () => {
  it("creates a key shown once, stores only its hash, lists and revokes it", async () => {
    const created = await request(t.app)
      .post("/api/v1/api-keys")
      .set("authorization", t.admin)
      .send({ name: "ci", admin: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ci", role: "admin", tenant_id: null, revoked_at: null });
    expect(created.body.key).toMatch(/^hk_/);
    expect(created.body.key_prefix).toBe(created.body.key.slice(0, 9));
    const row = await t.deps.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.keyHash).toBe(hashApiKey(created.body.key));
    expect(JSON.stringify(row)).not.toContain(created.body.key);

    const auth = `Bearer ${created.body.key}`;
    expect(created.body.last_used_at).toBeNull();
    expect((await request(t.app).get("/api/v1/tenants").set("authorization", auth)).status).toBe(200);
    const used = await request(t.app).get(`/api/v1/api-keys/${created.body.id}`).set("authorization", t.admin);
    expect(used.body.last_used_at).not.toBeNull();
    const list = await request(t.app).get("/api/v1/api-keys").set("authorization", t.admin);
    expect(list.body.find((k: { id: string }) => k.id === created.body.id)).not.toHaveProperty("key");
    expect(
      (await request(t.app).get(`/api/v1/api-keys/${created.body.id}`).set("authorization", t.admin)).body.name,
    ).toBe("ci");

    await request(t.app).delete(`/api/v1/api-keys/${created.body.id}`).set("authorization", t.admin).expect(204);
    expect((await request(t.app).get("/api/v1/tenants").set("authorization", auth)).status).toBe(401);
    const active = await request(t.app).get("/api/v1/api-keys").set("authorization", t.admin);
    expect(active.body.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
    const all = await request(t.app).get("/api/v1/api-keys?include_revoked=true").set("authorization", t.admin);
    expect(all.body.find((k: { id: string }) => k.id === created.body.id).revoked_at).not.toBeNull();
  });

  it("scopes a key to a tenant, and validates the tenant", async () => {
    const tenant = await createTenantWithKey(t, "scoped");
    const list = await request(t.app).get(`/api/v1/api-keys?tenant_id=${tenant.id}`).set("authorization", t.admin);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ role: "tenant", tenant_id: tenant.id });
    const missing = await request(t.app)
      .post("/api/v1/api-keys")
      .set("authorization", t.admin)
      .send({ name: "x", tenant_id: "0190f2f4-0000-7000-8000-000000000000" });
    expect(missing.status).toBe(422);
    expect(
      (await request(t.app).post("/api/v1/api-keys").set("authorization", tenant.auth).send({ name: "escalate" }))
        .status,
    ).toBe(403);
  });
});

describe("/tenants/:id/consent", () => {
  it("grants, renews, lists and revokes consent, audited", async () => {
    const tenant = await createTenantWithKey(t, "consenting");
    const base = `/api/v1/tenants/${tenant.id}/consent`;
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const granted = await request(t.app)
      .post(base)
      .set("authorization", tenant.auth)
      .send({ purpose: "marketing_emails", expires_at: expires });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      tenant_id: tenant.id,
      purpose: "marketing_emails",
      expires_at: expires,
      active: true,
    });
    const renewed = await request(t.app).post(base).set("authorization", t.admin).send({ purpose: "marketing_emails" });
    expect(renewed.body).toMatchObject({ id: granted.body.id, expires_at: null, granted_by: "admin" });
    const list = await request(t.app).get(base).set("authorization", tenant.auth);
    expect(list.body).toHaveLength(1);
    await request(t.app).delete(`${base}/marketing_emails`).set("authorization", tenant.auth).expect(204);
    expect((await request(t.app).delete(`${base}/marketing_emails`).set("authorization", tenant.auth)).status).toBe(
      404,
    );
    expect((await request(t.app).get(base).set("authorization", tenant.auth)).body).toEqual([]);
    const actions = (
      await t.deps.db.auditLog.findMany({
        where: { resourceType: "consent", tenantId: tenant.id },
        orderBy: { id: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual(["consent.granted", "consent.granted", "consent.revoked"]);
  });

  it("validates purpose and expiry", async () => {
    const tenant = await createTenantWithKey(t, "validating");
    const base = `/api/v1/tenants/${tenant.id}/consent`;
    const past = await request(t.app)
      .post(base)
      .set("authorization", t.admin)
      .send({ purpose: "x", expires_at: "2000-01-01T00:00:00Z" });
    expect(past.body.error.details[0].field).toBe("expires_at");
    const bad = await request(t.app).post(base).set("authorization", t.admin).send({ purpose: "has spaces" });
    expect(bad.body.error.details[0].field).toBe("purpose");
    expect(
      (
        await request(t.app)
          .post("/api/v1/tenants/0190f2f4-0000-7000-8000-000000000000/consent")
          .set("authorization", t.admin)
          .send({ purpose: "x" })
      ).status,
    ).toBe(404);
  });
});
