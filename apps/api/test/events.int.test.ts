import request from "supertest";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import type { AppError } from "../src/lib/app-error.ts";
import { publishEvent } from "../src/routes/events/events.service.ts";

// Ingest and the delivery read/DLQ endpoints, without a worker: what the API
// stores and enqueues. Delivery itself is covered by delivery.e2e.int.test.ts.
let t: TestApp;
let tenantId: string;
let otherTenantId: string;
let tenantKey: string;
const url = "https://receiver.example/hook";

beforeAll(async () => {
  t = await createTestApp("events");
  tenantId = (await createTenant(t.deps.db)).id;
  otherTenantId = (await createTenant(t.deps.db, "other")).id;
  tenantKey = await createTenantKey(t.deps.db, tenantId);
});
afterAll(() => t.close());

const hook = (over: Partial<Parameters<typeof createWebhook>[1]> = {}) =>
  createWebhook(t.deps.db, { url, secret: "s3cret-value-1", encryptionKey: t.deps.config.encryptionKey, ...over });
const publish = (body: object, auth = t.admin) =>
  request(t.app).post("/api/v1/events").set("authorization", auth).send(body);

describe("POST /events validation", () => {
  it.each([
    [{ data: {} }, "type"],
    [{ type: "*", data: {} }, "type"],
    [{ type: "invoice.*", data: {} }, "type"],
    [{ type: "has space", data: {} }, "type"],
    [{ type: "a.b" }, "data"],
    [{ type: "a.b", data: [1, 2] }, "data"],
    [{ type: "a.b", data: "text" }, "data"],
    [{ type: "a.b", data: {}, tenant_id: "nope" }, "tenant_id"],
    [{ type: "a.b", data: {}, id: "has space" }, "id"],
    [{ type: "a.b", data: {}, id: "x".repeat(129) }, "id"],
  ])("refuses %j naming %s", async (body, field) => {
    const res = await publish(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("refuses an unknown tenant (422, as every route does) and a bad Idempotency-Key (400)", async () => {
    const unknown = await publish({ type: "a.b", data: {}, tenant_id: "0190d2a4-0000-7000-8000-000000000000" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].field).toBe("tenant_id");
    const badKey = await publish({ type: "a.b", data: {} }).set("idempotency-key", "k".repeat(256));
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details[0].field).toBe("idempotency-key");
  });
});

describe("fan-out", () => {
  it("stores one pending delivery per matching live webhook and enqueues a job per delivery (id only)", async () => {
    const exact = await hook({ events: ["shipment.sent"], tenantId });
    const wildcard = await hook({ events: ["shipment.*"] });
    const star = await hook({ events: ["*"], tenantId });
    await hook({ events: ["shipment.sent"], tenantId: otherTenantId });
    await hook({ events: ["shipment.sent"], tenantId, enabled: false });
    await hook({ events: ["shipment.sent"], tenantId, deletedAt: new Date() });
    await hook({ events: ["shipments.*", "shipment.sent.late"], tenantId });

    const res = await publish({ type: "shipment.sent", data: { n: 1 } }, tenantKey);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), deliveries: 3 });
    const rows = await t.deps.db.delivery.findMany({ where: { eventId: res.body.id } });
    expect(rows.map((d) => d.webhookId).sort()).toEqual([exact.id, wildcard.id, star.id].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", attemptCount: 0, tenantId });
      const job = await t.deps.deliveryQueues.getJob(row.id);
      expect(job?.data).toEqual({ deliveryId: row.id });
      expect(job?.opts.removeOnComplete).toBe(true);
    }
    const event = await request(t.app).get(`/api/v1/events/${res.body.id}`).set("authorization", tenantKey);
    expect(event.body).toMatchObject({ id: res.body.id, type: "shipment.sent", tenant_id: tenantId, data: { n: 1 } });
    // A tenant sees its deliveries to its own webhooks, not those to global ones.
    expect(event.body.deliveries.map((d: { webhook_id: string }) => d.webhook_id).sort()).toEqual(
      [exact.id, star.id].sort(),
    );
  });

  it("sends an event without a tenant to global webhooks only", async () => {
    const global = await hook({ events: ["audit.logged"] });
    await hook({ events: ["audit.logged"], tenantId });
    const res = await publish({ type: "audit.logged", data: {} });
    expect(res.body.deliveries).toBe(1);
    expect((await t.deps.db.delivery.findMany({ where: { eventId: res.body.id } })).map((d) => d.webhookId)).toEqual([
      global.id,
    ]);
  });

  it("accepts an event nobody subscribes to", async () => {
    const res = await publish({ type: "nobody.listens", data: {} });
    expect(res.status).toBe(202);
    expect(res.body.deliveries).toBe(0);
  });
});

describe("group commit", () => {
  it("refuses data holding U+0000 (jsonb cannot store it) naming data, and stores nothing", async () => {
    const res = await publish({ type: "nul.check", data: { text: "a\u0000b" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(["data"]);
    // An escaped backslash before "u0000" is ordinary text.
    expect((await publish({ type: "nul.check", data: { text: "a\\u0000b" } })).status).toBe(202);
    expect(await t.deps.db.event.count({ where: { type: "nul.check" } })).toBe(1);
  });

  it("an event published after a webhook's create answer matches it, even amid a burst", async () => {
    for (let round = 0; round < 5; round++) {
      const type = `fresh.sub${round}`;
      const burst = Array.from({ length: 20 }, (_, i) => publish({ type: "burst.noise", data: { i } }));
      const created = await request(t.app)
        .post("/api/v1/webhooks")
        .set("authorization", t.admin)
        .send({ url: "http://127.0.0.1:9/fresh", events: [type] });
      expect(created.status).toBe(201);
      const res = await publish({ type, data: {} });
      expect(res.body.deliveries).toBe(1);
      await Promise.all(burst);
    }
  });

  it("answers each request of a mixed burst with its own event and deliveries", async () => {
    const mine = await hook({ events: ["mixed.*"], tenantId });
    await hook({ events: ["mixed.b"] });
    const bodies = Array.from({ length: 40 }, (_, i) => ({ type: i % 2 ? "mixed.a" : "mixed.b", data: { i } }));
    const answers = await Promise.all(bodies.map((b, i) => publish(b, i % 3 === 0 ? tenantKey : t.admin)));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(202));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(40);
    // Each answer counts its own rows, and the tenant's webhook is in exactly its tenant's events.
    const counts = new Map<string, Set<number>>();
    for (const [i, res] of answers.entries()) {
      const deliveries = await t.deps.db.delivery.findMany({
        where: { eventId: res.body.id },
        select: { webhookId: true },
      });
      expect(deliveries).toHaveLength(res.body.deliveries);
      expect(deliveries.some((d) => d.webhookId === mine.id)).toBe(i % 3 === 0);
      const group = `${i % 3 === 0 ? "tenant" : "admin"}:${bodies[i]!.type}`;
      counts.set(group, (counts.get(group) ?? new Set()).add(res.body.deliveries));
    }
    const only = (group: string) => [...counts.get(group)!];
    for (const type of ["mixed.a", "mixed.b"]) {
      // Every request of a group got the same count: no batch leaked rows into another's answer.
      expect(only(`admin:${type}`)).toHaveLength(1);
      expect(only(`tenant:${type}`)).toHaveLength(1);
      expect(only(`tenant:${type}`)[0]).toBeGreaterThan(only(`admin:${type}`)[0]!);
    }
    // The global mixed.b webhook: one more for mixed.b than for mixed.a.
    expect(only("admin:mixed.b")[0]).toBe(only("admin:mixed.a")[0]! + 1);
  });
});

describe("idempotency", () => {
  it("scopes keys per tenant", async () => {
    const a = await publish({ type: "k.scoped", data: {} }, tenantKey).set("idempotency-key", "same-key");
    const b = await publish({ type: "k.scoped", data: {} }).set("idempotency-key", "same-key");
    expect(a.body.id).not.toBe(b.body.id);
  });

  it("answers concurrent repeats like the first and stores one event", async () => {
    await hook({ events: ["k.race"] });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => publish({ type: "k.race", data: {} }).set("idempotency-key", "race-1")),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await t.deps.db.event.count({ where: { type: "k.race" } })).toBe(1);
    expect(await t.deps.db.delivery.count({ where: { event: { type: "k.race" } } })).toBe(1);
  });

  // Issue 23, item 6: a reused key with another body was answered 202 and the new event dropped unsaid.
  it("refuses a key reused with a different body (409 naming the key), replays the same body", async () => {
    await hook({ events: ["k.body"] });
    const first = await publish({ type: "k.body", data: { amount: 1, currency: "EUR" } }).set(
      "idempotency-key",
      "pay-1",
    );
    expect(first.status).toBe(202);
    const same = await publish({ type: "k.body", data: { amount: 1, currency: "EUR" } }).set(
      "idempotency-key",
      "pay-1",
    );
    expect([same.status, same.body, same.headers["idempotent-replayed"]]).toEqual([202, first.body, "true"]);
    // The same JSON in another key order and spacing is the same body.
    const reordered = await request(t.app)
      .post("/api/v1/events")
      .set("authorization", t.admin)
      .set("content-type", "application/json")
      .set("idempotency-key", "pay-1")
      .send('{ "data": {"currency":"EUR",  "amount":1}, "type":"k.body" }');
    expect([reordered.status, reordered.body]).toEqual([202, first.body]);
    const message =
      'Idempotency-Key "pay-1" was used within 24 h for an event with a different body; use a new one for a new event';
    for (const body of [
      { type: "k.body", data: { amount: 2, currency: "EUR" } },
      { type: "k.other", data: { amount: 1, currency: "EUR" } },
      { type: "k.body", id: "evt_pay_1", data: { amount: 1, currency: "EUR" } },
    ]) {
      const other = await publish(body).set("idempotency-key", "pay-1");
      const { code, message: said, details } = other.body.error;
      expect([other.status, code, said, details, other.headers["idempotent-replayed"]]).toEqual([
        409,
        "conflict",
        message,
        [{ field: "idempotency-key", message: `idempotency-key: ${message}` }],
        undefined,
      ]);
    }
    expect(await t.deps.db.event.count({ where: { type: { in: ["k.body", "k.other"] } } })).toBe(1);
  });

  it("refuses an event id reused with a different body (409 naming id), replays the same body", async () => {
    const first = await publish({ type: "k.byid", id: "evt_byid_1", data: { n: 1 } });
    expect([first.status, first.body]).toEqual([202, { id: "evt_byid_1", deliveries: 0 }]);
    const same = await publish({ type: "k.byid", id: "evt_byid_1", data: { n: 1 } });
    expect([same.status, same.headers["idempotent-replayed"]]).toEqual([202, "true"]);
    const other = await publish({ type: "k.byid", id: "evt_byid_1", data: { n: 2 } });
    const message =
      'event id "evt_byid_1" was used within 24 h for an event with a different body; use a new one for a new event';
    expect([other.status, other.body.error.details]).toEqual([409, [{ field: "id", message: `id: ${message}` }]]);
  });

  it("of two publishes at once with one key and different bodies, one is stored (202) and the other refused (409)", async () => {
    await hook({ events: ["k.samebatch"] });
    // Submitted in one tick, so both are in the publisher's hands before its next batch is written (one
    // group commit): it holds the repeat back for a later batch, where it meets the stored event.
    const principal = { role: "admin", actorId: "admin", tenantId: null } as const;
    const answers = await Promise.all(
      [{ n: 1 }, { n: 2 }].map((data) =>
        publishEvent(
          { deps: t.deps, principal },
          { body: { type: "k.samebatch", data }, idempotencyKey: "batch-1" },
        ).then(
          () => 202,
          (err: AppError) => err.status,
        ),
      ),
    );
    expect([...answers].sort()).toEqual([202, 409]);
    const winner = answers.indexOf(202);
    const stored = await t.deps.db.event.findMany({ where: { type: "k.samebatch" } });
    expect(stored.map((e) => e.data)).toEqual([[{ n: 1 }, { n: 2 }][winner]]);
    expect(await t.deps.db.delivery.count({ where: { event: { type: "k.samebatch" } } })).toBe(1);
  });

  it("forgets a key after 24 h, but an event id stays taken", async () => {
    const first = await publish({ type: "k.window", data: {} }).set("idempotency-key", "window-1");
    const byId = await publish({ type: "k.window", id: "evt_window", data: {} });
    // evt_window is the client's id; Herald keys the row by its own (client_id holds evt_window).
    await t.deps.db.event.updateMany({
      where: { OR: [{ id: first.body.id }, { clientId: "evt_window" }] },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const later = await publish({ type: "k.window", data: {} }).set("idempotency-key", "window-1");
    expect(later.status).toBe(202);
    expect(later.body.id).not.toBe(first.body.id);
    expect(byId.status).toBe(202);
    const reused = await publish({ type: "k.window", id: "evt_window", data: {} });
    expect(reused.status).toBe(409);
    expect(reused.body.error.details[0].field).toBe("id");
  });

  // Issue 21, item 7: ids are per tenant (a 409 here told one tenant what ids another used);
  // event-ids-per-tenant.int.test.ts covers the rest.
  it("takes an event id another tenant already used as a new event of its own", async () => {
    expect((await publish({ type: "k.id", id: "evt_shared", data: {} }, tenantKey)).status).toBe(202);
    const global = await publish({ type: "k.id", id: "evt_shared", data: {} });
    expect([global.status, global.body, global.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "evt_shared", deliveries: 0 },
      undefined,
    ]);
    expect(await t.deps.db.event.count({ where: { clientId: "evt_shared" } })).toBe(2);
  });
});

describe("tenant scoping", () => {
  it("a tenant key cannot publish for, or read, another tenant", async () => {
    expect((await publish({ type: "a.b", data: {}, tenant_id: otherTenantId }, tenantKey)).status).toBe(404);
    const foreign = await publish({ type: "scoped.thing", data: {}, tenant_id: otherTenantId });
    await hook({ events: ["scoped.thing"], tenantId: otherTenantId });
    const withDelivery = await publish({ type: "scoped.thing", data: {}, tenant_id: otherTenantId });
    const [delivery] = await t.deps.db.delivery.findMany({ where: { eventId: withDelivery.body.id } });
    expect((await request(t.app).get(`/api/v1/events/${foreign.body.id}`).set("authorization", tenantKey)).status).toBe(
      404,
    );
    expect(
      (await request(t.app).get(`/api/v1/deliveries/${delivery!.id}`).set("authorization", tenantKey)).status,
    ).toBe(404);
    expect(
      (await request(t.app).post(`/api/v1/webhooks/deliveries/${delivery!.id}/retry`).set("authorization", tenantKey))
        .status,
    ).toBe(404);
    expect((await request(t.app).get(`/api/v1/deliveries/${delivery!.id}`).set("authorization", t.admin)).status).toBe(
      200,
    );
  });
});

describe("GET /events", () => {
  const list = (query: string, auth = tenantKey) =>
    request(t.app).get(`/api/v1/events${query}`).set("authorization", auth);

  it("lists a type's events newest first, a tenant only its own, in pages that continue where the last ended", async () => {
    // Client-chosen ids in reverse alphabetical order of publishing: the order must come from creation, not ids.
    const mine: string[] = [];
    for (const id of ["listed-c", "listed-b", "listed-a"]) {
      const res = await publish({ type: "listed.thing", data: { n: id }, id }, tenantKey);
      expect(res.status).toBe(202);
      mine.push(id);
    }
    await publish({ type: "listed.other", data: {} }, tenantKey);
    const foreign = await publish({ type: "listed.thing", data: {}, tenant_id: otherTenantId });

    const first = await list("?type=listed.thing&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.map((e: { id: string }) => e.id)).toEqual(["listed-a", "listed-b"]);
    expect(
      first.body.every(
        (e: { type: string; tenant_id: string }) => e.type === "listed.thing" && e.tenant_id === tenantId,
      ),
    ).toBe(true);
    // The cursor carries Herald's own id of listed-b (unique across tenants), not the client's.
    const listedB = await t.deps.db.event.findFirstOrThrow({ where: { clientId: "listed-b", tenantId } });
    const cursor = String(first.headers["x-next-cursor"]);
    expect(cursor).toMatch(new RegExp(`^\\d+_${listedB.id}$`));
    const second = await list(`?type=listed.thing&limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(second.body.map((e: { id: string }) => e.id)).toEqual(["listed-c"]);
    expect(second.headers["x-next-cursor"]).toBeUndefined();

    const everyone = await list("?type=listed.thing&limit=100", t.admin);
    expect(everyone.body.map((e: { id: string }) => e.id)).toEqual([foreign.body.id, ...[...mine].reverse()]);
  });

  it.each([
    ["?type=has%20space", "type"],
    ["?type=invoice.*.paid", "type"],
    ["?limit=0", "limit"],
    ["?cursor=nope", "cursor"],
    ["?status=failed", "status"],
  ])("refuses %s naming %s", async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
