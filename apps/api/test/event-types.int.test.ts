import request from "supertest";
import { createTenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("event-types");
});
afterAll(() => t.close());

const schema = { type: "object", required: ["invoice_id"], properties: { invoice_id: { type: "string" } } };

describe("/event-types", () => {
  it("registers, reads, pages, updates and archives event types", async () => {
    const created = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "invoice.updated", description: "An invoice changed", schema });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "invoice.updated",
      description: "An invoice changed",
      schema,
      archived: false,
    });
    await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "invoice.created" })
      .expect(201);
    const dup = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "invoice.updated" });
    expect(dup.status).toBe(409);

    const tenant = await createTenantWithKey(t, "reader");
    const page1 = await request(t.app)
      .get("/api/v1/event-types?limit=1&built_in=false")
      .set("authorization", tenant.auth);
    expect(page1.body.map((e: { name: string }) => e.name)).toEqual(["invoice.created"]);
    expect(page1.headers["x-next-cursor"]).toBe("invoice.created");
    expect(page1.headers.link).toBe('</api/v1/event-types?limit=1&built_in=false&cursor=invoice.created>; rel="next"');
    const page2 = await request(t.app)
      .get(`/api/v1/event-types?limit=1&built_in=false&cursor=${page1.headers["x-next-cursor"]}`)
      .set("authorization", tenant.auth);
    expect(page2.body.map((e: { name: string }) => e.name)).toEqual(["invoice.updated"]);

    const patched = await request(t.app)
      .patch("/api/v1/event-types/invoice.updated")
      .set("authorization", t.admin)
      .send({ schema: null });
    expect(patched.body.schema).toBeNull();
    await request(t.app).delete("/api/v1/event-types/invoice.created").set("authorization", t.admin).expect(204);
    expect(
      (await request(t.app).get("/api/v1/event-types?built_in=false").set("authorization", t.admin)).body,
    ).toHaveLength(1);
    expect(
      (await request(t.app).get("/api/v1/event-types/invoice.created").set("authorization", t.admin)).body.archived,
    ).toBe(true);
    const revived = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "invoice.created", description: "back" });
    expect(revived.body).toMatchObject({ archived: false, description: "back" });
    const actions = (
      await t.deps.db.auditLog.findMany({ where: { resourceType: "event_type" }, orderBy: { id: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "event_type.created",
      "event_type.created",
      "event_type.updated",
      "event_type.archived",
      "event_type.created",
    ]);
  });

  it.each([
    [{ name: "invoice.*" }, "name"],
    [{ name: "" }, "name"],
    [{ name: "a.b", schema: "not an object" }, "schema"],
    [{ name: "a.b", schema: [1] }, "schema"],
    [{ name: "a.b", description: 5 }, "description"],
  ])("refuses %j naming %s", async (body, field) => {
    const res = await request(t.app).post("/api/v1/event-types").set("authorization", t.admin).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });
});
