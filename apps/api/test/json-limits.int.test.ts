import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Every JSON body obeys two rules whichever route takes it: at most 64
// levels of objects and arrays, and no lone UTF-16 surrogate in a string or
// key. Either is a 400 naming where, and nothing is stored.
let t: TestApp;
let acme: TenantWithKey;
let hookId: string;

beforeAll(async () => {
  t = await createTestApp("json-limits", { bodyLimit: "1mb" });
  acme = await createTenantWithKey(t, "acme");
  hookId = (await createWebhook(t, acme.auth, { events: ["*"] })).id;
});
afterAll(() => t.close());

const post = (path: string, raw: string, auth = acme.auth) =>
  request(t.app).post(path).set("authorization", auth).set("content-type", "application/json").send(raw);

const nestedObjects = (levels: number, leaf = "1") => `${'{"d":'.repeat(levels)}${leaf}${"}".repeat(levels)}`;
const nestedArrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("nesting", () => {
  it("takes 64 levels and refuses the 65th with a 400 naming where", async () => {
    // The body is level 1, data's object level 2: 63 objects from data down make 64 levels.
    const deepest = await post("/api/v1/events", `{"type":"deep.ok","data":${nestedObjects(63)}}`);
    expect(deepest.status).toBe(202);

    const refused = await post("/api/v1/events", `{"type":"deep.no","data":${nestedObjects(64)}}`);
    const field = `data${".d".repeat(63)}`;
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      code: "validation_error",
      message: `invalid body: ${field}: nested deeper than 64 levels of objects and arrays`,
      details: [{ field, message: `${field}: nested deeper than 64 levels of objects and arrays`, code: "too_deep" }],
      request_id: refused.headers["x-request-id"],
    });
    const arrays = await post("/api/v1/events", `{"type":"deep.no","data":{"list":${nestedArrays(63)}}}`);
    expect([arrays.status, arrays.body.error.details[0].field]).toEqual([400, `data.list${".0".repeat(62)}`]);
    expect(await t.deps.db.event.count({ where: { type: "deep.no" } })).toBe(0);
  });

  it("answers the 5,000 levels of objects and 10,000 of arrays that once overflowed into a 500 with a 400, on every route", async () => {
    const deepObjects = nestedObjects(5000);
    const deepArrays = nestedArrays(10_000);
    const bodies: [string, (deep: string) => string][] = [
      ["/api/v1/events", (deep) => `{"type":"a.b","data":{"x":${deep}}}`],
      [`/api/v1/webhooks/${hookId}/test`, (deep) => `{"event":"a.b","data":{"x":${deep}}}`],
      [`/api/v1/webhooks/${hookId}/filter/test`, (deep) => `{"payload":{"type":"a.b","data":{"x":${deep}}}}`],
      ["/api/v1/event-types", (deep) => `{"name":"deep.type","schema":{"x":${deep}}}`],
    ];
    for (const [path, body] of bodies)
      for (const deep of [deepObjects, deepArrays]) {
        const res = await post(path, body(deep), t.admin);
        expect([path, res.status, res.body.error.details[0].code]).toEqual([path, 400, "too_deep"]);
      }
    const metadata = await request(t.app)
      .patch(`/api/v1/tenants/${acme.id}`)
      .set("authorization", t.admin)
      .set("content-type", "application/json")
      .send(`{"metadata":{"x":${deepArrays}}}`);
    expect([metadata.status, metadata.body.error.details[0].code]).toEqual([400, "too_deep"]);
    expect(await t.deps.db.eventType.count({ where: { name: "deep.type" } })).toBe(0);
  });
});

describe("lone surrogates", () => {
  const refusal = (field: string) =>
    `${field}: holds a lone UTF-16 surrogate (\\ud800-\\udfff unpaired), which is not valid Unicode`;

  it("refuses the issue's publish with a 400 naming data.x, and stores nothing", async () => {
    const res = await post("/api/v1/events", '{"type":"lone.surrogate","data":{"x":"\\ud800"}}');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: "validation_error",
      message: `invalid body: ${refusal("data.x")}`,
      details: [{ field: "data.x", message: refusal("data.x"), code: "lone_surrogate" }],
      request_id: res.headers["x-request-id"],
    });
    expect(await t.deps.db.event.count({ where: { type: "lone.surrogate" } })).toBe(0);
  });

  it("names a lone surrogate in a key, or deep in an array, by its path (the surrogate written as an escape)", async () => {
    const cases: [string, string, string][] = [
      ["/api/v1/events", '{"type":"a.b","data":{"\\udc00":1}}', "data.\\udc00"],
      ["/api/v1/events", '{"type":"a.b","data":{"list":[0,{"x":"ok \\udfff"}]}}', "data.list.1.x"],
      ["/api/v1/events", '{"type":"a.b","data":{"x":"\\udc00\\ud800"}}', "data.x"],
      [
        `/api/v1/webhooks/${hookId}/filter/test`,
        '{"payload":{"type":"a.b","data":{}},"filter":{"data.x":"\\ud800"}}',
        "filter.data.x",
      ],
      ["/api/v1/webhooks", '{"url":"https://127.0.0.1/x","events":["a.b"],"headers":{"X-A":"\\ud800"}}', "headers.X-A"],
      [
        "/api/v1/webhooks",
        '{"url":"https://127.0.0.1/x","events":["a.b"],"filter":{"data.\\ud800":1}}',
        "filter.data.\\ud800",
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      expect([path, res.status, res.body.error.details]).toEqual([
        path,
        400,
        [{ field, message: refusal(field), code: "lone_surrogate" }],
      ]);
    }
    const tenant = await request(t.app)
      .patch(`/api/v1/tenants/${acme.id}`)
      .set("authorization", t.admin)
      .send({ metadata: { plan: "\ud800" } });
    expect([tenant.status, tenant.body.error.details[0].field]).toEqual([400, "metadata.plan"]);
    const schema = await request(t.app)
      .post("/api/v1/event-types")
      .set("authorization", t.admin)
      .send({ name: "lone.schema", schema: { title: "\udfff" } });
    expect([schema.status, schema.body.error.details[0].field]).toEqual([400, "schema.title"]);
    expect(await t.deps.db.webhook.count()).toBe(1);
  });

  it("takes surrogate pairs (emoji and the like) and stores them as sent", async () => {
    const res = await post(
      "/api/v1/events",
      '{"type":"emoji.ok","data":{"x":"\\ud83d\\ude00 ok","\\ud83c\\udf89":"🎉"}}',
    );
    expect(res.status).toBe(202);
    const event = await request(t.app).get(`/api/v1/events/${res.body.id}`).set("authorization", acme.auth);
    expect(event.body.data).toEqual({ x: "😀 ok", "🎉": "🎉" });
  });
});
