import request from "supertest";
import { createTenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("app");
});
afterAll(() => t.close());

describe("operations endpoints", () => {
  it("/healthz answers while the process is up", async () => {
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("/readyz reports Postgres and Redis reachable", async () => {
    const res = await request(t.app).get("/readyz");
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({ postgres: "ok", redis: "ok" });
  });
});

describe("errors", () => {
  it("asks for a key, with the error body, and a request id", async () => {
    const res = await request(t.app).get("/api/v1/anything");
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "unauthorized" });
    expect(res.headers["x-request-id"]).toBe(res.body.error.request_id);
  });

  it("refuses unknown and revoked-looking keys", async () => {
    for (const header of ["Bearer hk_nope", "Bearer ", "Token abc", "Bearer " + "x".repeat(5000)]) {
      const res = await request(t.app).get("/api/v1/webhooks").set("authorization", header);
      expect(res.status).toBe(401);
    }
  });

  it("takes exactly one scheme and one credential: a valid key followed by junk is a 401", async () => {
    const tenant = await createTenantWithKey(t, "one-token");
    const basic = `Basic ${Buffer.from(`admin:${t.adminKey}`).toString("base64")}`;
    // Positive controls: the same credentials alone are let in.
    expect((await request(t.app).get("/api/v1/webhooks").set("authorization", tenant.auth)).status).toBe(200);
    expect((await request(t.app).get("/api/v1/webhooks").set("authorization", t.admin)).status).toBe(200);
    expect((await request(t.app).get("/admin/queues").set("authorization", basic)).status).toBe(200);
    for (const header of [`${tenant.auth} junk`, `${t.admin} junk`, `${t.admin} ${t.adminKey}`, `${basic} junk`]) {
      const res = await request(t.app).get("/api/v1/webhooks").set("authorization", header);
      expect([header, res.status, res.body.error?.code]).toEqual([header, 401, "unauthorized"]);
    }
    for (const header of [`${basic} junk`, `${basic}!!`, `${t.admin} junk`]) {
      const res = await request(t.app).get("/admin/queues").set("authorization", header);
      expect([header, res.status]).toEqual([header, 401]);
    }
  });

  it("answers an unknown route with 404 in the error shape", async () => {
    const res = await request(t.app).get("/api/v1/nope").set("authorization", t.admin);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("answers malformed JSON with 400 and an oversized body with 413", async () => {
    const bad = await request(t.app)
      .post("/api/v1/nope")
      .set("authorization", t.admin)
      .set("content-type", "application/json")
      .send('{"a":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_json");
    const big = await request(t.app)
      .post("/api/v1/nope")
      .set("authorization", t.admin)
      .set("content-type", "application/json")
      .send(JSON.stringify({ a: "x".repeat(300 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
  });
});
