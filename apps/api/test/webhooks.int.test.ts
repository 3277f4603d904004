import { decrypt } from "@herald/crypto";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let acme: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("webhooks", { maxWebhooksPerTenant: 3 });
  acme = await createTenantWithKey(t, "acme");
});
afterAll(() => t.close());

const api = (path: string) => `/api/v1/webhooks${path}`;

describe("POST /webhooks", () => {
  it("creates a webhook, shows the secret once, stores it only encrypted", async () => {
    const res = await request(t.app)
      .post(api(""))
      .set("authorization", acme.auth)
      .send({
        url: "https://127.0.0.1:9/a",
        events: ["invoice.updated", "kol.*"],
        secret: "my-own-secret-123",
        description: "billing",
        headers: { "X-Team": "team-token-42" },
        rate_limit: 5,
        notification_email: "ops@acme.test",
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tenant_id: acme.id,
      url: "https://127.0.0.1:9/a",
      events: ["invoice.updated", "kol.*"],
      enabled: true,
      disabled_reason: null,
      // Header values are write-only: answers show the names.
      headers: { "X-Team": "***" },
      rate_limit: 5,
      notification_email: "ops@acme.test",
      secret: "my-own-secret-123",
    });
    const row = await t.deps.db.webhook.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.secretEncrypted).not.toContain("my-own-secret-123");
    expect(decrypt(row.secretEncrypted, t.deps.config.encryptionKey)).toBe("my-own-secret-123");
    // Header values may be a receiver's credentials: the audit keeps names only.
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: res.body.id, action: "webhook.created" },
    });
    expect(audit.changes).toMatchObject({ url: "https://127.0.0.1:9/a", headers: ["X-Team"] });
    expect(JSON.stringify(audit.changes)).not.toContain("team-token-42");
  });

  it("generates a whsec_ secret when none is given, and accepts a single event string", async () => {
    const body = await createWebhook(t, t.admin, { events: "ping" });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    expect(body.events).toEqual(["ping"]);
    expect(body.tenant_id).toBeNull();
  });

  it.each([
    [{ events: ["invoice.updated"] }, "url"],
    [{ url: "not a url", events: ["a.b"] }, "url"],
    [{ url: "https://127.0.0.1/x" }, "events"],
    [{ url: "https://127.0.0.1/x", events: [] }, "events"],
    [{ url: "https://127.0.0.1/x", events: ["invoice.*.x"] }, "events.0"],
    [{ url: "https://127.0.0.1/x", events: ["in voice"] }, "events.0"],
    [{ url: "https://127.0.0.1/x", events: ["*.updated"] }, "events.0"],
    [{ url: "https://127.0.0.1/x", events: ["a"], secret: "short" }, "secret"],
    [{ url: "https://127.0.0.1/x", events: ["a"], secret: "x".repeat(51) }, "secret"],
    [{ url: "https://127.0.0.1/x", events: ["a"], rate_limit: 0 }, "rate_limit"],
    [{ url: "https://127.0.0.1/x", events: ["a"], headers: { "webhook-signature": "x" } }, "headers.webhook-signature"],
    [{ url: "https://127.0.0.1/x", events: ["a"], notification_email: "nope" }, "notification_email"],
    [{ url: "https://127.0.0.1/x", events: ["a"], tenant_id: "nope" }, "tenant_id"],
    [{ url: "https://127.0.0.1/x", events: ["a"], colour: "red" }, ""],
  ])("refuses %j naming %s", async (body, field) => {
    const res = await request(t.app).post(api("")).set("authorization", t.admin).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    if (field) expect(res.body.error.details.map((d: { field?: string }) => d.field)).toContain(field);
    else expect(res.body.error.details[0].code).toBe("unrecognized_keys");
  });

  it("refuses a tenant that does not exist", async () => {
    const res = await request(t.app)
      .post(api(""))
      .set("authorization", t.admin)
      .send({ url: "https://127.0.0.1/x", events: ["a"], tenant_id: "0190f2f4-0000-7000-8000-000000000000" });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].field).toBe("tenant_id");
  });
});

describe("SSRF guard and scheme", () => {
  it("refuses private targets and http unless configured", async () => {
    const strict = await createTestApp("webhooks-strict", { allowHttp: false, allowPrivateTargets: false });
    try {
      for (const url of [
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://[::ffff:169.254.169.254]/x",
        "https://2130706433/x",
        "http://93.184.215.14/x",
      ]) {
        const res = await request(strict.app)
          .post(api(""))
          .set("authorization", strict.admin)
          .send({ url, events: ["a"] });
        expect([400, 422]).toContain(res.status);
        expect(res.body.error.details[0].field).toBe("url");
      }
      const ok = await request(strict.app)
        .post(api(""))
        .set("authorization", strict.admin)
        .send({ url: "https://93.184.215.14/x", events: ["a"] });
      expect(ok.status).toBe(201);
      const patch = await request(strict.app)
        .patch(api(`/${ok.body.id}`))
        .set("authorization", strict.admin)
        .send({ url: "https://192.168.0.1/x" });
      expect(patch.status).toBe(422);
      expect(patch.body.error.details[0].field).toBe("url");
    } finally {
      await strict.close();
    }
  });
});

describe("GET, PATCH, DELETE /webhooks/:id", () => {
  it("reads, lists newest first with a cursor, and never lists secrets", async () => {
    const tenant = await createTenantWithKey(t, "lister");
    const a = await createWebhook(t, tenant.auth, { description: "first" });
    const b = await createWebhook(t, tenant.auth, { description: "second" });
    const one = await request(t.app)
      .get(api(`/${a.id}`))
      .set("authorization", tenant.auth);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("secret");
    const page1 = await request(t.app).get(api("?limit=1")).set("authorization", tenant.auth);
    expect(page1.body.map((w: { id: string }) => w.id)).toEqual([b.id]);
    expect(page1.headers["x-next-cursor"]).toBe(b.id);
    const page2 = await request(t.app)
      .get(api(`?limit=1&cursor=${page1.headers["x-next-cursor"]}`))
      .set("authorization", tenant.auth);
    expect(page2.body.map((w: { id: string }) => w.id)).toEqual([a.id]);
    expect(page2.headers["x-next-cursor"]).toBeUndefined();
    const byAdmin = await request(t.app)
      .get(api(`?tenant_id=${tenant.id}`))
      .set("authorization", t.admin);
    expect(byAdmin.body).toHaveLength(2);
    expect(JSON.stringify(byAdmin.body)).not.toMatch(/secret/);
  });

  it("updates fields, re-encrypts a new secret, and audits the change", async () => {
    const hook = await createWebhook(t, acme.auth, {});
    const res = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ events: ["kol.created"], enabled: false, secret: "a-brand-new-secret" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ events: ["kol.created"], enabled: false, secret: "a-brand-new-secret" });
    const plain = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ enabled: true });
    expect(plain.body).not.toHaveProperty("secret");
    const row = await t.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(decrypt(row.secretEncrypted, t.deps.config.encryptionKey)).toBe("a-brand-new-secret");
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: hook.id, action: "webhook.updated" },
      orderBy: { id: "asc" },
    });
    expect(audit.changes).toMatchObject({
      events: { from: ["invoice.updated"], to: ["kol.created"] },
      secret: "[redacted]",
    });
    expect(JSON.stringify(audit.changes)).not.toContain("a-brand-new-secret");
    const empty = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({});
    expect(empty.status).toBe(400);
  });

  it("soft-deletes, cancels pending deliveries only, and then answers 404", async () => {
    const hook = await createWebhook(t, acme.auth, {});
    const event = await t.deps.db.event.create({ data: { type: "invoice.updated", data: {}, tenantId: acme.id } });
    await t.deps.db.delivery.createMany({
      data: [
        { eventId: event.id, webhookId: hook.id, status: "pending" },
        { eventId: event.id, webhookId: hook.id, status: "success" },
      ],
    });
    const res = await request(t.app)
      .delete(api(`/${hook.id}`))
      .set("authorization", acme.auth);
    expect(res.status).toBe(204);
    const statuses = (await t.deps.db.delivery.findMany({ where: { webhookId: hook.id } })).map((d) => d.status).sort();
    expect(statuses).toEqual(["cancelled", "success"]);
    expect((await t.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).deletedAt).not.toBeNull();
    for (const req of [
      request(t.app).get(api(`/${hook.id}`)),
      request(t.app)
        .patch(api(`/${hook.id}`))
        .send({ enabled: true }),
      request(t.app).delete(api(`/${hook.id}`)),
    ]) {
      expect((await req.set("authorization", acme.auth)).status).toBe(404);
    }
    const list = await request(t.app).get(api("")).set("authorization", acme.auth);
    expect(list.body.map((w: { id: string }) => w.id)).not.toContain(hook.id);
  });

  it("answers 400 for a non-UUID id and 404 for an unknown one", async () => {
    expect((await request(t.app).get(api("/not-a-uuid")).set("authorization", t.admin)).status).toBe(400);
    expect(
      (await request(t.app).get(api("/0190f2f4-0000-7000-8000-000000000000")).set("authorization", t.admin)).status,
    ).toBe(404);
  });
});

describe("limits", () => {
  it("caps webhooks per tenant with 422 limit_exceeded; deleted ones free a slot", async () => {
    const tenant = await createTenantWithKey(t, "capped");
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createWebhook(t, tenant.auth, {}));
    const over = await request(t.app)
      .post(api(""))
      .set("authorization", tenant.auth)
      .send({ url: "https://127.0.0.1/x", events: ["a"] });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe("limit_exceeded");
    await request(t.app)
      .delete(api(`/${made[0]!.id}`))
      .set("authorization", tenant.auth)
      .expect(204);
    await createWebhook(t, tenant.auth, {});
  });

  it("holds under concurrent creates: exactly the limit succeed", async () => {
    const tenant = await createTenantWithKey(t, "racing");
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(t.app)
          .post(api(""))
          .set("authorization", tenant.auth)
          .send({ url: "https://127.0.0.1/x", events: ["a"] }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    expect(await t.deps.db.webhook.count({ where: { tenantId: tenant.id, deletedAt: null } })).toBe(3);
  });
});
