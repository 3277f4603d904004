import request from "supertest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// HERALD_STRICT_EVENT_TYPES: unknown types, or data failing the
// registered JSON Schema, are refused with 422 and nothing is stored.
let strict: TestApp;
let lax: TestApp;
const invoiceSchema = {
  type: "object",
  required: ["amount"],
  properties: { amount: { type: "number", minimum: 0 }, currency: { type: "string", minLength: 3, maxLength: 3 } },
};

beforeAll(async () => {
  [strict, lax] = await Promise.all([createTestApp("strict", { strictEventTypes: true }), createTestApp("lax")]);
  for (const t of [strict, lax]) {
    const res = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "invoice.paid", description: "paid", schema: invoiceSchema });
    expect(res.status).toBe(201);
    await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "note.added" })
      .expect(201);
  }
});
afterAll(async () => {
  await Promise.all([strict?.close(), lax?.close()]);
});

const publish = (t: TestApp, body: Record<string, unknown>) =>
  request(t.app).post("/api/v1/events").set("authorization", t.admin).send(body);

describe("strict event types", () => {
  it("accepts registered types whose data satisfies the schema, and types without a schema", async () => {
    expect((await publish(strict, { type: "invoice.paid", data: { amount: 10, currency: "EUR" } })).status).toBe(202);
    expect((await publish(strict, { type: "note.added", data: { anything: [1, 2] } })).status).toBe(202);
  });

  it("refuses an unknown type with 422 naming `type`, storing nothing", async () => {
    const before = await strict.database.db.event.count();
    const res = await publish(strict, { type: "invoice.unknown", data: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: "type" })]);
    expect(await strict.database.db.event.count()).toBe(before);
  });

  it("refuses data failing the schema with 422 naming each bad field", async () => {
    const res = await publish(strict, { type: "invoice.paid", data: { amount: -1, currency: "EURO" } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "data.amount",
      "data.currency",
    ]);
    const missing = await publish(strict, { type: "invoice.paid", data: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/amount/);
  });

  it("follows schema changes and archiving", async () => {
    await request(strict.app)
      .patch("/api/v1/event-types/invoice.paid")
      .set("authorization", strict.admin)
      .send({ schema: { type: "object", required: ["id"] } })
      .expect(200);
    expect((await publish(strict, { type: "invoice.paid", data: { amount: 1 } })).status).toBe(422);
    expect((await publish(strict, { type: "invoice.paid", data: { id: "x" } })).status).toBe(202);
    await request(strict.app).delete("/api/v1/event-types/note.added").set("authorization", strict.admin).expect(204);
    expect((await publish(strict, { type: "note.added", data: {} })).status).toBe(422);
  });

  it("without strict mode, unknown types and non-conforming data are accepted", async () => {
    expect((await publish(lax, { type: "anything.at.all", data: {} })).status).toBe(202);
    expect((await publish(lax, { type: "invoice.paid", data: { amount: "not a number" } })).status).toBe(202);
  });

  it("refuses to register a schema that is not valid JSON Schema", async () => {
    const res = await request(lax.app)
      .post("/api/v1/event-types")
      .set("authorization", lax.admin)
      .send({ name: "bad.schema", schema: { type: "nonsense" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("schema");
  });
});
