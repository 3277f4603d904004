import { decrypt, encrypt } from "@herald/crypto";
import request from "supertest";
import { createTenantWithKey, createWebhook } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

const DAY_MS = 86_400_000;

/** The cutoff is the request's time less the retention, to the millisecond. */
function expectCutoff(cutoff: string, { before, retentionDays }: { before: number; retentionDays: number }) {
  const at = Date.parse(cutoff) + retentionDays * DAY_MS;
  expect(at).toBeGreaterThanOrEqual(before);
  expect(at).toBeLessThanOrEqual(Date.now());
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("audit");
});
afterAll(() => t.close());

describe("GET /audit-logs", () => {
  it("filters by tenant, action, resource type, actor and time, and pages by cursor", async () => {
    const tenant = await createTenantWithKey(t, "audited");
    const hook = await createWebhook(t, tenant.auth, {});
    await request(t.app)
      .patch(`/api/v1/webhooks/${hook.id}`)
      .set("authorization", tenant.auth)
      .send({ enabled: false })
      .expect(200);
    const get = (q: string) => request(t.app).get(`/api/v1/audit-logs${q}`).set("authorization", t.admin);

    const byTenant = await get(`?tenant_id=${tenant.id}`);
    expect(byTenant.body.map((e: { action: string }) => e.action)).toEqual([
      "webhook.updated",
      "webhook.created",
      "api_key.created",
      "tenant.created",
    ]);
    expect(byTenant.body[0]).toMatchObject({
      tenant_id: tenant.id,
      resource_type: "webhook",
      resource_id: hook.id,
      changes: { enabled: { from: true, to: false } },
    });
    const actor = byTenant.body[0].actor_id;
    expect(actor).toMatch(/^key:/);
    expect((await get(`?action=webhook.created&tenant_id=${tenant.id}`)).body).toHaveLength(1);
    expect((await get(`?resource_type=api_key&tenant_id=${tenant.id}`)).body).toHaveLength(1);
    expect((await get(`?actor_id=${actor}`)).body).toHaveLength(2);
    expect((await get(`?tenant_id=${tenant.id}&from=${new Date(Date.now() + 60_000).toISOString()}`)).body).toEqual([]);
    expect(
      (await get(`?tenant_id=${tenant.id}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body,
    ).toHaveLength(4);

    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 5; page++) {
      const res = await get(`?tenant_id=${tenant.id}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.body.map((e: { id: string }) => e.id));
      cursor = res.headers["x-next-cursor"] ?? "";
      if (!cursor) break;
    }
    expect(seen).toEqual(byTenant.body.map((e: { id: string }) => e.id));

    const one = await request(t.app).get(`/api/v1/audit-logs/${byTenant.body[0].id}`).set("authorization", tenant.auth);
    expect(one.body).toEqual(byTenant.body[0]);
  });

  it.each([
    "limit=0",
    "limit=101",
    "limit=abc",
    "from=yesterday",
    "cursor=123",
    "tenant_id=x",
    "from=2026-01-02&to=2026-01-01",
    "sort=asc",
  ])("refuses ?%s", async (q) => {
    const res = await request(t.app).get(`/api/v1/audit-logs?${q}`).set("authorization", t.admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
  });
});

describe("POST /maintenance/rotate-encryption-key", () => {
  it("re-encrypts current and previous secrets; a wrong old key changes nothing", async () => {
    const rotating = await createTestApp("rotate");
    try {
      const oldKey = rotating.deps.config.encryptionKey;
      const a = await createWebhook(rotating, rotating.admin, { secret: "first-secret-value" });
      const b = await createWebhook(rotating, rotating.admin, { secret: "second-secret-value" });
      await rotating.deps.db.webhook.update({
        where: { id: b.id },
        data: {
          previousSecretEncrypted: encrypt("older-secret-value", oldKey),
          previousSecretExpiresAt: new Date(Date.now() + 3600_000),
        },
      });
      await request(rotating.app).delete(`/api/v1/webhooks/${a.id}`).set("authorization", rotating.admin).expect(204);
      const before = await rotating.deps.db.webhook.findMany({ orderBy: { id: "asc" } });

      const wrong = await request(rotating.app)
        .post("/api/v1/maintenance/rotate-encryption-key")
        .set("authorization", rotating.admin)
        .send({ old_key: "not-the-right-key-at-all", new_key: "a-new-key-that-is-long-enough" });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.details[0].field).toBe("old_key");
      expect(await rotating.deps.db.webhook.findMany({ orderBy: { id: "asc" } })).toEqual(before);

      const newKey = "a-new-key-that-is-long-enough";
      const ok = await request(rotating.app)
        .post("/api/v1/maintenance/rotate-encryption-key")
        .set("authorization", rotating.admin)
        .send({ old_key: oldKey, new_key: newKey });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ webhooks_rotated: 2, secrets_rotated: 3, restart_required: true });
      const after = await rotating.deps.db.webhook.findMany({ orderBy: { id: "asc" } });
      expect(after.map((w) => decrypt(w.secretEncrypted, newKey))).toEqual([
        "first-secret-value",
        "second-secret-value",
      ]);
      expect(decrypt(after[1]!.previousSecretEncrypted!, newKey)).toBe("older-secret-value");
      expect(() => decrypt(after[0]!.secretEncrypted, oldKey)).toThrow();
      // This process now seals with the new key, so new rows match rotated ones.
      const later = await createWebhook(rotating, rotating.admin, { secret: "after-rotation-secret" });
      const laterRow = await rotating.deps.db.webhook.findUniqueOrThrow({ where: { id: later.id } });
      expect(decrypt(laterRow.secretEncrypted, newKey)).toBe("after-rotation-secret");
      const audit = await rotating.deps.db.auditLog.findFirstOrThrow({ where: { action: "encryption_key.rotated" } });
      expect(audit.changes).toEqual({ webhooks_rotated: 2, secrets_rotated: 3 });
      expect(JSON.stringify(audit)).not.toContain(newKey);
      expect(JSON.stringify(audit)).not.toContain(oldKey);
    } finally {
      await rotating.close();
    }
  });

  it("validates the body and is admin only", async () => {
    const same = await request(t.app)
      .post("/api/v1/maintenance/rotate-encryption-key")
      .set("authorization", t.admin)
      .send({ old_key: "x".repeat(20), new_key: "x".repeat(20) });
    expect(same.body.error.details[0].field).toBe("new_key");
    const tenant = await createTenantWithKey(t, "not-admin");
    expect(
      (await request(t.app).post("/api/v1/maintenance/purge-expired").set("authorization", tenant.auth)).status,
    ).toBe(403);
  });
});

describe("POST /maintenance/purge-expired", () => {
  it("deletes old events with their deliveries and attempts, keeps pending work and recent data, and expired consent", async () => {
    const tenant = await createTenantWithKey(t, "purged");
    const hook = await createWebhook(t, t.admin, {});
    const db = t.deps.db;
    const old = new Date(Date.now() - 31 * DAY_MS);
    // Inside the default 30-day window by a day: kept, with its delivery.
    const almostOld = new Date(Date.now() - 29 * DAY_MS);
    const done = await db.event.create({ data: { type: "a", data: {}, createdAt: old } });
    const keptDone = await db.event.create({ data: { type: "a", data: {}, createdAt: almostOld } });
    const stillPending = await db.event.create({ data: { type: "a", data: {}, createdAt: old } });
    const recent = await db.event.create({ data: { type: "a", data: {} } });
    const delivery = await db.delivery.create({
      data: { eventId: done.id, webhookId: hook.id, status: "failed", createdAt: old },
    });
    await db.deliveryAttempt.createMany({
      data: [1, 2].map((n) => ({ deliveryId: delivery.id, attemptNumber: n, durationMs: 5, createdAt: old })),
    });
    await db.delivery.create({
      data: { eventId: stillPending.id, webhookId: hook.id, status: "pending", createdAt: old },
    });
    await db.delivery.create({ data: { eventId: recent.id, webhookId: hook.id, status: "success" } });
    await db.delivery.create({
      data: { eventId: keptDone.id, webhookId: hook.id, status: "success", createdAt: almostOld },
    });
    await db.consent.create({
      data: { tenantId: tenant.id, purpose: "expired", grantedBy: "admin", expiresAt: new Date(Date.now() - 1000) },
    });
    await db.consent.create({
      data: {
        tenantId: tenant.id,
        purpose: "current",
        grantedBy: "admin",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });

    const before = Date.now();
    const res = await request(t.app).post("/api/v1/maintenance/purge-expired").set("authorization", t.admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      retention_days: 30,
      events_deleted: 1,
      deliveries_deleted: 1,
      attempts_deleted: 2,
      consents_deleted: 1,
    });
    expectCutoff(res.body.cutoff, { before, retentionDays: 30 });
    expect((await db.event.findMany()).map((e) => e.id).sort()).toEqual(
      [stillPending.id, recent.id, keptDone.id].sort(),
    );
    expect(await db.delivery.count({ where: { eventId: keptDone.id } })).toBe(1);
    expect((await db.consent.findMany({ where: { tenantId: tenant.id } })).map((c) => c.purpose)).toEqual(["current"]);
    expect(await db.auditLog.count({ where: { action: "data.purged" } })).toBe(1);
  });

  it("keeps HERALD_RETENTION_DAYS days, not the default: with 10, an 11-day-old event goes and a 9-day-old one stays", async () => {
    const short = await createTestApp("audit-retention", { retentionDays: 10 });
    try {
      const db = short.deps.db;
      const hook = await createWebhook(short, short.admin, {});
      const [gone, kept] = await Promise.all(
        [11, 9].map(async (days) => {
          const createdAt = new Date(Date.now() - days * DAY_MS);
          const event = await db.event.create({ data: { type: "a", data: {}, createdAt } });
          await db.delivery.create({ data: { eventId: event.id, webhookId: hook.id, status: "success", createdAt } });
          return event;
        }),
      );
      const before = Date.now();
      const res = await request(short.app).post("/api/v1/maintenance/purge-expired").set("authorization", short.admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ retention_days: 10, events_deleted: 1, deliveries_deleted: 1 });
      expectCutoff(res.body.cutoff, { before, retentionDays: 10 });
      expect((await db.event.findMany()).map((e) => e.id)).toEqual([kept!.id]);
      expect(await db.event.count({ where: { id: gone!.id } })).toBe(0);
    } finally {
      await short.close();
    }
  });
});
