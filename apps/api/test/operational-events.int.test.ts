import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let tenantA: TenantWithKey;
let tenantB: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("operational-events");
  tenantA = await createTenantWithKey(t, "tenant A");
  tenantB = await createTenantWithKey(t, "tenant B");
});
afterAll(() => t.close());

const BUILT_IN = [
  "herald.circuit.closed",
  "herald.circuit.opened",
  "herald.delivery.exhausted",
  "herald.endpoint.disabled",
  "herald.endpoint.enabled",
];

describe("built-in event types", () => {
  it("lists Herald's operational events beside registered types, in name order, across pages", async () => {
    for (const name of ["alpha.created", "zeta.deleted"])
      await request(t.app).post("/api/v1/event-types").set("authorization", t.admin).send({ name }).expect(201);
    const names: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await request(t.app)
        .get(`/api/v1/event-types?limit=2${cursor ? `&cursor=${cursor}` : ""}`)
        .set("authorization", tenantA.auth)
        .expect(200);
      names.push(...res.body.map((e: { name: string }) => e.name));
      cursor = res.headers["x-next-cursor"];
      if (!cursor) break;
    }
    expect(names).toEqual(["alpha.created", ...BUILT_IN, "zeta.deleted"]);
    const builtIn = await request(t.app)
      .get("/api/v1/event-types?built_in=true")
      .set("authorization", t.admin)
      .expect(200);
    expect(builtIn.body.map((e: { name: string }) => e.name)).toEqual(BUILT_IN);
    for (const type of builtIn.body)
      expect(type).toMatchObject({
        built_in: true,
        archived: false,
        schema: { type: "object", required: expect.arrayContaining(["webhook_id", "tenant_id"]) },
      });
    const one = await request(t.app)
      .get("/api/v1/event-types/herald.endpoint.disabled")
      .set("authorization", tenantB.auth)
      .expect(200);
    expect(one.body).toMatchObject({
      name: "herald.endpoint.disabled",
      built_in: true,
      description: expect.stringContaining("410"),
    });
  });

  it("keeps the herald. namespace Herald's: no publishing, registering, changing or archiving there", async () => {
    const publish = await request(t.app)
      .post("/api/v1/events")
      .set("authorization", t.admin)
      .send({ type: "herald.endpoint.disabled", data: { webhook_id: "forged" } });
    expect(publish.status).toBe(400);
    expect(publish.body.error.details[0]).toMatchObject({
      field: "type",
      message: expect.stringContaining("reserved"),
    });
    const register = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "herald.custom" });
    expect(register.status).toBe(400);
    expect(register.body.error.details[0].field).toBe("name");
    const patch = await request(t.app)
      .patch("/api/v1/event-types/herald.endpoint.disabled")
      .set("authorization", t.admin)
      .send({ description: "mine now" });
    expect(patch.status).toBe(409);
    expect(patch.body.error.details[0].field).toBe("name");
    expect(
      (await request(t.app).delete("/api/v1/event-types/herald.circuit.opened").set("authorization", t.admin)).status,
    ).toBe(409);
    expect(await t.deps.db.event.count({ where: { type: { startsWith: "herald." } } })).toBe(0);
    expect(await t.deps.db.eventType.count({ where: { name: { startsWith: "herald." } } })).toBe(0);
  });

  it("accepts subscriptions that select an operational event and refuses herald. patterns that select none", async () => {
    for (const events of [["herald.*"], ["herald.endpoint.*"], ["herald.delivery.exhausted", "invoice.updated"]]) {
      const made = await createWebhook(t, t.admin, { events });
      expect(made.events).toEqual(events);
      await request(t.app).delete(`/api/v1/webhooks/${made.id}`).set("authorization", t.admin).expect(204);
    }
    for (const events of [["herald.endpoint.deleted"], ["invoice.updated", "herald.nothing.*"]]) {
      const res = await request(t.app)
        .post("/api/v1/webhooks")
        .set("authorization", t.admin)
        .send({ url: "https://127.0.0.1:9/hook", events });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({
        field: expect.stringMatching(/^events/),
        message: expect.stringContaining("herald.endpoint.disabled"),
      });
    }
  });
});

describe("enabling and disabling through the API", () => {
  it("raises one herald.endpoint.disabled / enabled per real change, for the global and the owning tenant's subscribers only", async () => {
    const global = await createWebhook(t, t.admin, { events: ["herald.endpoint.*"], description: "ops" });
    const ownTenant = await createWebhook(t, tenantA.auth, { events: ["herald.*"] });
    const otherTenant = await createWebhook(t, tenantB.auth, { events: ["herald.*"] });
    const catchAll = await createWebhook(t, t.admin, { events: ["*"] });
    const subject = await createWebhook(t, tenantA.auth, {
      events: ["invoice.updated", "herald.*"],
      description: "billing <b>",
    });

    const patch = (body: object) =>
      request(t.app).patch(`/api/v1/webhooks/${subject.id}`).set("authorization", tenantA.auth).send(body).expect(200);
    await patch({ enabled: false });
    await patch({ enabled: false, description: "billing, paused" });
    await patch({ enabled: true });
    await patch({ description: "billing" });

    const events = await t.deps.db.event.findMany({
      where: { type: { startsWith: "herald.endpoint." } },
      orderBy: { createdAt: "asc" },
      include: { deliveries: true },
    });
    expect(events.map((e) => e.type)).toEqual(["herald.endpoint.disabled", "herald.endpoint.enabled"]);
    for (const event of events) {
      expect(event.tenantId).toBe(tenantA.id);
      expect(event.deliveries.map((d) => d.webhookId).sort()).toEqual([global.id, ownTenant.id].sort());
    }
    expect(events[0]!.data).toMatchObject({
      webhook_id: subject.id,
      tenant_id: tenantA.id,
      url: "https://127.0.0.1:9/hook",
      description: "billing <b>",
      trigger: "manual",
      reason: null,
    });
    expect(events[1]!.data).toMatchObject({
      webhook_id: subject.id,
      description: "billing, paused",
      enabled_at: expect.any(String),
    });
    const receivers = (await t.deps.db.delivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } })).map(
      (d) => d.webhookId,
    );
    for (const excluded of [otherTenant.id, catchAll.id, subject.id]) expect(receivers).not.toContain(excluded);
    // The tenant sees its own operational events like any of its events.
    const read = await request(t.app)
      .get(`/api/v1/events/${events[0]!.id}`)
      .set("authorization", tenantA.auth)
      .expect(200);
    expect(read.body).toMatchObject({ type: "herald.endpoint.disabled" });
    await request(t.app).get(`/api/v1/events/${events[0]!.id}`).set("authorization", tenantB.auth).expect(404);
  });

  it("stores no operational event when no webhook subscribes to it", async () => {
    await t.deps.db.webhook.updateMany({
      where: { events: { hasSome: ["herald.*", "herald.endpoint.*", "herald.endpoint.disabled"] } },
      data: { deletedAt: new Date() },
    });
    const before = await t.deps.db.event.count();
    const subject = await createWebhook(t, t.admin, { events: ["invoice.updated"] });
    await request(t.app)
      .patch(`/api/v1/webhooks/${subject.id}`)
      .set("authorization", t.admin)
      .send({ enabled: false })
      .expect(200);
    expect(await t.deps.db.event.count()).toBe(before);
  });

  it("raises one event when three requests disable the same webhook at once", async () => {
    const watcher = await createWebhook(t, t.admin, { events: ["herald.endpoint.disabled"] });
    const subject = await createWebhook(t, t.admin, { events: ["invoice.updated"] });
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        request(t.app).patch(`/api/v1/webhooks/${subject.id}`).set("authorization", t.admin).send({ enabled: false }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const deliveries = await t.deps.db.delivery.findMany({ where: { webhookId: watcher.id } });
    expect(deliveries).toHaveLength(1);
  });
});
