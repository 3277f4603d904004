import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let acme: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("fifo-fields");
  acme = await createTenantWithKey(t, "acme");
});
afterAll(() => t.close());

describe("ordering, fifo_on_failure and max_in_flight on webhooks", () => {
  it("default to unordered, skip and unlimited; are set at create and by PATCH; are audited", async () => {
    const plain = await createWebhook(t, acme.auth, {});
    expect(plain).toMatchObject({ ordering: "unordered", fifo_on_failure: "skip", max_in_flight: null });
    const fifo = await createWebhook(t, acme.auth, { ordering: "fifo", fifo_on_failure: "block" });
    expect(fifo).toMatchObject({ ordering: "fifo", fifo_on_failure: "block" });
    const patched = await request(t.app)
      .patch(`/api/v1/webhooks/${plain.id}`)
      .set("authorization", acme.auth)
      .send({ max_in_flight: 2 })
      .expect(200);
    expect(patched.body).toMatchObject({ ordering: "unordered", max_in_flight: 2 });
    const cleared = await request(t.app)
      .patch(`/api/v1/webhooks/${plain.id}`)
      .set("authorization", acme.auth)
      .send({ max_in_flight: null, ordering: "fifo" })
      .expect(200);
    expect(cleared.body).toMatchObject({ ordering: "fifo", max_in_flight: null });
    const audit = await t.deps.db.auditLog.findMany({
      where: { resourceId: plain.id, action: "webhook.updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.changes)).toEqual([
      { max_in_flight: { from: null, to: 2 } },
      { max_in_flight: { from: 2, to: null }, ordering: { from: "unordered", to: "fifo" } },
    ]);
  });

  it.each([
    [{ max_in_flight: 0 }, "max_in_flight"],
    [{ max_in_flight: 1001 }, "max_in_flight"],
    [{ max_in_flight: 1.5 }, "max_in_flight"],
    [{ max_in_flight: "2" }, "max_in_flight"],
    [{ ordering: "lifo" }, "ordering"],
    [{ ordering: null }, "ordering"],
    [{ fifo_on_failure: "retry" }, "fifo_on_failure"],
  ])("refuses %j naming %s", async (fields, field) => {
    const res = await request(t.app)
      .post("/api/v1/webhooks")
      .set("authorization", acme.auth)
      .send({ url: "https://127.0.0.1:9/x", events: ["a.b"], ...fields });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });
});
