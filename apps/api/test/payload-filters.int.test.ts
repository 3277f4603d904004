import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let acme: TenantWithKey;
let other: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("payload-filters");
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
});
afterAll(() => t.close());

const api = (path: string) => `/api/v1${path}`;
const BIG_EUROS = { "data.amount": { $gte: 100 }, "data.currency": { $in: ["EUR", "USD"] } };

async function deliveredTo(eventId: string): Promise<string[]> {
  const rows = await t.deps.db.delivery.findMany({ where: { eventId } });
  return rows.map((r) => r.webhookId).sort();
}

describe("filter on a webhook", () => {
  it("is stored and shown at create, changed and cleared by PATCH, and audited", async () => {
    const created = await createWebhook(t, acme.auth, { filter: BIG_EUROS });
    expect(created.filter).toEqual(BIG_EUROS);
    expect(
      (
        await request(t.app)
          .get(api(`/webhooks/${created.id}`))
          .set("authorization", acme.auth)
      ).body.filter,
    ).toEqual(BIG_EUROS);
    const createdAudit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: created.id, action: "webhook.created" },
    });
    expect(createdAudit.changes).toMatchObject({ filter: BIG_EUROS });

    const narrower = { ...BIG_EUROS, event: "invoice.updated" };
    const patched = await request(t.app)
      .patch(api(`/webhooks/${created.id}`))
      .set("authorization", acme.auth)
      .send({ filter: narrower });
    expect(patched.status).toBe(200);
    expect(patched.body.filter).toEqual(narrower);
    const cleared = await request(t.app)
      .patch(api(`/webhooks/${created.id}`))
      .set("authorization", acme.auth)
      .send({ filter: null });
    expect(cleared.body.filter).toBeNull();
    expect((await t.deps.db.webhook.findUniqueOrThrow({ where: { id: created.id } })).filter).toBeNull();

    const updates = await t.deps.db.auditLog.findMany({
      where: { resourceId: created.id, action: "webhook.updated" },
      orderBy: { id: "asc" },
    });
    expect(updates.map((u) => u.changes)).toEqual([
      { filter: { from: BIG_EUROS, to: narrower } },
      { filter: { from: narrower, to: null } },
    ]);
  });

  it("defaults to none, and a PATCH of other fields keeps it", async () => {
    const plain = await createWebhook(t, acme.auth, {});
    expect(plain.filter).toBeNull();
    const filtered = await createWebhook(t, acme.auth, { filter: BIG_EUROS });
    const res = await request(t.app)
      .patch(api(`/webhooks/${filtered.id}`))
      .set("authorization", acme.auth)
      .send({ description: "big ones" });
    expect(res.body.filter).toEqual(BIG_EUROS);
  });

  // Each bad filter is a 400 naming where it is wrong, at create, PATCH and filter test; nothing is stored.
  it.each<[string, unknown, string]>([
    ["a string ordering operand", { "data.amount": { $gte: "100" } }, "filter.data.amount.$gte"],
    ["$where", { $where: "sleep(1000)" }, "filter.$where"],
    ["$regex (catastrophic backtracking)", { "data.name": { $regex: "^(a+)+$" } }, "filter.data.name.$regex"],
    ["an unknown operator", { "data.tags": { $all: ["a"] } }, "filter.data.tags.$all"],
    ["a path outside the envelope", { amount: 1 }, "filter.amount"],
    ["operators mixed with fields", { "data.a": { $gt: 1, b: 1 } }, "filter.data.a"],
    ["an empty $or", { $or: [] }, "filter.$or"],
    ["a bad branch", { $or: [{ event: "a" }, { "data.x": { $lt: [1] } }] }, "filter.$or.1.data.x.$lt"],
    ["an array", [{ event: "a" }], "filter"],
    ["a string", "data.amount > 100", "filter"],
    [
      "more than 4 KiB",
      { "data.id": { $in: Array.from({ length: 100 }, (_, i) => `customer-${i}-${"x".repeat(40)}`) } },
      "filter",
    ],
    ["U+0000", { "data.name": "a\u0000b" }, "filter.data.name"],
    ["__proto__", JSON.parse('{"__proto__": {"polluted": true}}'), "filter.__proto__"],
  ])("refuses %s, naming the path", async (_name, filter, field) => {
    const hook = await createWebhook(t, acme.auth, {});
    const before = await t.deps.db.webhook.count();
    const attempts = [
      request(t.app)
        .post(api("/webhooks"))
        .set("authorization", acme.auth)
        .send({ url: "https://127.0.0.1:9/x", events: ["a.b"], filter }),
      request(t.app)
        .patch(api(`/webhooks/${hook.id}`))
        .set("authorization", acme.auth)
        .send({ filter }),
      request(t.app)
        .post(api(`/webhooks/${hook.id}/filter/test`))
        .set("authorization", acme.auth)
        .send({ payload: { type: "a.b", data: {} }, filter }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.details[0].field).toBe(field);
      expect(res.body.error.message).toContain(`${field}: `);
    }
    expect(await t.deps.db.webhook.count()).toBe(before);
    expect((await t.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).filter).toBeNull();
  });
});

describe("fan-out", () => {
  it("creates a delivery only for webhooks whose filter the event matches", async () => {
    const filtered = await createWebhook(t, acme.auth, { events: ["payment.*"], filter: BIG_EUROS });
    const unfiltered = await createWebhook(t, acme.auth, { events: ["payment.*"] });
    const publish = (data: Record<string, unknown>) =>
      request(t.app).post(api("/events")).set("authorization", acme.auth).send({ type: "payment.settled", data });
    // Concurrent publishes (which the batcher may store in one statement): each event meets each filter on its own.
    const [big, small, yen, nested] = await Promise.all([
      publish({ amount: 150, currency: "EUR" }),
      publish({ amount: 50, currency: "EUR" }),
      publish({ amount: 500, currency: "JPY" }),
      publish({ amount: [20, 300], currency: "USD" }),
    ]);
    expect(big.body.deliveries).toBe(2);
    expect(await deliveredTo(big.body.id)).toEqual([filtered.id, unfiltered.id].sort());
    expect(small.body.deliveries).toBe(1);
    expect(await deliveredTo(small.body.id)).toEqual([unfiltered.id]);
    expect(await deliveredTo(yen.body.id)).toEqual([unfiltered.id]);
    // An array matches when one of its elements does (as in MongoDB).
    expect(await deliveredTo(nested.body.id)).toEqual([filtered.id, unfiltered.id].sort());
  });

  it("filters on the envelope's event and tenant_id, and applies to global webhooks", async () => {
    const onlyAcme = await createWebhook(t, t.admin, {
      events: ["order.*"],
      filter: { tenant_id: acme.id, event: { $ne: "order.cancelled" } },
    });
    const fromAcme = await request(t.app)
      .post(api("/events"))
      .set("authorization", acme.auth)
      .send({ type: "order.placed", data: {} });
    const cancelled = await request(t.app)
      .post(api("/events"))
      .set("authorization", acme.auth)
      .send({ type: "order.cancelled", data: {} });
    const fromOther = await request(t.app)
      .post(api("/events"))
      .set("authorization", other.auth)
      .send({ type: "order.placed", data: {} });
    expect(await deliveredTo(fromAcme.body.id)).toEqual([onlyAcme.id]);
    expect(await deliveredTo(cancelled.body.id)).toEqual([]);
    expect(await deliveredTo(fromOther.body.id)).toEqual([]);
  });

  it("applies to Herald's operational events: one that no filter lets through is not stored", async () => {
    const watched = await createWebhook(t, acme.auth, { events: ["orders.created"] });
    const watcher = await createWebhook(t, acme.auth, {
      events: ["herald.endpoint.*"],
      filter: { "data.webhook_id": watched.id },
    });
    const elsewhere = await createWebhook(t, acme.auth, {
      events: ["herald.endpoint.*"],
      filter: { "data.webhook_id": "0190f2f4-0000-7000-8000-000000000000" },
    });
    await request(t.app)
      .patch(api(`/webhooks/${watched.id}`))
      .set("authorization", acme.auth)
      .send({ enabled: false })
      .expect(200);
    const disabled = await t.deps.db.event.findFirstOrThrow({
      where: { type: "herald.endpoint.disabled", tenantId: acme.id },
    });
    expect(await deliveredTo(disabled.id)).toEqual([watcher.id]);

    await request(t.app)
      .delete(api(`/webhooks/${watcher.id}`))
      .set("authorization", acme.auth)
      .expect(204);
    await request(t.app)
      .patch(api(`/webhooks/${watched.id}`))
      .set("authorization", acme.auth)
      .send({ enabled: true })
      .expect(200);
    expect(await t.deps.db.event.count({ where: { type: "herald.endpoint.enabled", tenantId: acme.id } })).toBe(0);
    expect(await t.deps.db.delivery.count({ where: { webhookId: elsewhere.id } })).toBe(0);
  });
});

describe("POST /webhooks/:id/filter/test", () => {
  const test = (auth: string, id: string, body: Record<string, unknown>) =>
    request(t.app)
      .post(api(`/webhooks/${id}/filter/test`))
      .set("authorization", auth)
      .send(body);

  it("says whether a payload matches the saved filter, without storing anything", async () => {
    const hook = await createWebhook(t, acme.auth, { filter: BIG_EUROS });
    const events = await t.deps.db.event.count();
    expect(
      (await test(acme.auth, hook.id, { payload: { type: "payment.settled", data: { amount: 100, currency: "USD" } } }))
        .body,
    ).toEqual({ matches: true, budget_exhausted: false });
    expect(
      (
        await test(acme.auth, hook.id, {
          payload: { type: "payment.settled", data: { amount: 99.5, currency: "USD" } },
        })
      ).body,
    ).toEqual({ matches: false, budget_exhausted: false });
    expect(
      (await test(acme.auth, hook.id, { payload: { type: "payment.settled", data: { currency: "USD" } } })).body,
    ).toEqual({ matches: false, budget_exhausted: false });
    expect(await t.deps.db.event.count()).toBe(events);
  });

  it("tries an unsaved filter without changing the saved one; no filter matches everything", async () => {
    const hook = await createWebhook(t, acme.auth, {});
    const payload = { type: "user.signed_up", data: { plan: "pro", seats: 3 }, id: "evt_custom_1" };
    expect((await test(acme.auth, hook.id, { payload })).body).toEqual({ matches: true, budget_exhausted: false });
    expect(
      (await test(acme.auth, hook.id, { payload, filter: { "data.plan": { $in: ["team", "enterprise"] } } })).body,
    ).toEqual({ matches: false, budget_exhausted: false });
    expect(
      (
        await test(acme.auth, hook.id, {
          payload,
          filter: {
            $or: [{ "data.plan": "team" }, { "data.seats": { $gt: 2 } }],
            id: "evt_custom_1",
            "data.coupon": { $exists: false },
          },
        })
      ).body,
    ).toEqual({ matches: true, budget_exhausted: false });
    expect((await t.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).filter).toBeNull();
  });

  it("builds the envelope as a publish would: a tenant key's events carry its tenant", async () => {
    const hook = await createWebhook(t, acme.auth, { filter: { tenant_id: acme.id } });
    expect((await test(acme.auth, hook.id, { payload: { type: "a.b", data: {} } })).body).toEqual({
      matches: true,
      budget_exhausted: false,
    });
    expect((await test(t.admin, hook.id, { payload: { type: "a.b", data: {} } })).body).toEqual({
      matches: false,
      budget_exhausted: false,
    });
    expect((await test(t.admin, hook.id, { payload: { type: "a.b", data: {}, tenant_id: acme.id } })).body).toEqual({
      matches: true,
      budget_exhausted: false,
    });
    // As at publish: a tenant key cannot speak for another tenant.
    expect((await test(acme.auth, hook.id, { payload: { type: "a.b", data: {}, tenant_id: other.id } })).status).toBe(
      404,
    );
  });

  it("refuses a bad payload with a 400 naming the field, and another tenant's webhook with a 404", async () => {
    const hook = await createWebhook(t, acme.auth, { filter: BIG_EUROS });
    const nul = await test(acme.auth, hook.id, { payload: { type: "a.b", data: { name: "a\u0000b" } } });
    expect(nul.status).toBe(400);
    expect(nul.body.error.details[0].field).toBe("payload.data");
    const noType = await test(acme.auth, hook.id, { payload: { data: {} } });
    expect(noType.status).toBe(400);
    expect(noType.body.error.details[0].field).toBe("payload.type");
    const missing = await test(acme.auth, hook.id, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe("payload");
    const foreign = await test(other.auth, hook.id, { payload: { type: "a.b", data: {} } });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain("currency");
  });
});

// Issue 21: a filter inside the documented limits, against a large array,
// once cost seconds of the shared publish statement per event. Now each
// filter examines at most 10,000 values of an event; past that the event is
// delivered (a filter narrows, it must never lose an event) and says so.
describe("a filter's cost is bounded whatever the event's size", () => {
  const costly = {
    $or: Array.from({ length: 5 }, (_, i) => ({
      "data.arr": { $in: Array.from({ length: 100 }, (_, k) => 1000 + 100 * i + k) },
    })),
  };
  const huge = { arr: new Array(100_000).fill(0) };
  const filterTest = (auth: string, id: string, data: unknown) =>
    request(t.app)
      .post(api(`/webhooks/${id}/filter/test`))
      .set("authorization", auth)
      .send({ payload: { type: "cost.checked", data } });
  const publish = (auth: string, data: unknown) =>
    request(t.app).post(api("/events")).set("authorization", auth).send({ type: "cost.checked", data });

  it("judges small events by the filter, and lets an event past the budget through, saying so", async () => {
    const hook = await createWebhook(t, acme.auth, { events: ["cost.checked"], filter: costly });
    // Within the budget: the filter decides (1250 is in the second branch's list, 0 in none).
    expect((await filterTest(acme.auth, hook.id, { arr: [0, 1250] })).body).toEqual({
      matches: true,
      budget_exhausted: false,
    });
    expect((await filterTest(acme.auth, hook.id, { arr: [0, 1] })).body).toEqual({
      matches: false,
      budget_exhausted: false,
    });
    // 100,000 elements, none in any list: five branches would examine 500,000 values.
    expect((await filterTest(acme.auth, hook.id, huge)).body).toEqual({ matches: true, budget_exhausted: true });

    const within = await publish(acme.auth, { arr: [0, 1] });
    const past = await publish(acme.auth, huge);
    expect([within.status, past.status]).toEqual([202, 202]);
    expect(await deliveredTo(within.body.id)).toEqual([]);
    expect(await deliveredTo(past.body.id)).toEqual([hook.id]);
  });

  it("is the same for a portal link's filter test", async () => {
    const hook = await createWebhook(t, acme.auth, { events: ["cost.checked"], filter: costly });
    const minted = await request(t.app)
      .post(api(`/tenants/${acme.id}/portal-sessions`))
      .set("authorization", t.admin)
      .send({});
    expect(minted.status).toBe(201);
    const portal = `Bearer ${new URL(minted.body.url).hash.replace(/^#token=/, "")}`;
    expect((await filterTest(portal, hook.id, huge)).body).toEqual({ matches: true, budget_exhausted: true });
    expect((await filterTest(portal, hook.id, { arr: [1499] })).body).toEqual({
      matches: true,
      budget_exhausted: false,
    });
  });
});
