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

describe("security headers", () => {
  const basic = () => `Basic ${Buffer.from(`admin:${t.adminKey}`).toString("base64")}`;

  it("no answer of any mounted app says X-Powered-By", async () => {
    const answers = [
      await request(t.app).get("/healthz"),
      await request(t.app).get("/metrics"),
      await request(t.app).get("/openapi.json"),
      await request(t.app).get("/docs"),
      await request(t.app).get("/console/"),
      await request(t.app).get("/api/v1/webhooks").set("authorization", t.admin),
      await request(t.app).get("/api/v1/nope").set("authorization", t.admin),
      await request(t.app).get("/admin/queues"),
      await request(t.app).get("/admin/queues").set("authorization", basic()),
      await request(t.app).get("/admin/queues/static/favicon.ico").set("authorization", basic()),
      await request(t.app).get("/admin/queues/api/queues").set("authorization", basic()),
    ];
    expect(answers.map((res) => [new URL(res.request.url).pathname, res.status, res.headers["x-powered-by"]])).toEqual([
      ["/healthz", 200, undefined],
      ["/metrics", 200, undefined],
      ["/openapi.json", 200, undefined],
      ["/docs", 200, undefined],
      ["/console/", 200, undefined],
      ["/api/v1/webhooks", 200, undefined],
      ["/api/v1/nope", 404, undefined],
      ["/admin/queues", 401, undefined],
      ["/admin/queues", 200, undefined],
      ["/admin/queues/static/favicon.ico", 200, undefined],
      ["/admin/queues/api/queues", 200, undefined],
    ]);
  });

  it("gives every Bull Board answer its policy (own origin only, never framed), nosniff and no referrer", async () => {
    const csp =
      "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-dv714QSXJBurriRZTklJT4phtgwCe+o7Frxoi2awcdg=' " +
      "'sha256-r2N1TB/gHbBtBZFKg7ejmq1acVSREzucTAEw6ga4hoU='; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
      "worker-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    for (const [path, auth, status] of [
      ["/admin/queues", undefined, 401],
      ["/admin/queues", basic(), 200],
      ["/admin/queues/queue/x", basic(), 200],
      ["/admin/queues/static/favicon.ico", basic(), 200],
      ["/admin/queues/api/queues", basic(), 200],
    ] as const) {
      const req = request(t.app).get(path);
      const res = await (auth ? req.set("authorization", auth) : req);
      expect([path, res.status, res.headers["content-security-policy"]]).toEqual([path, status, csp]);
      expect([res.headers["x-content-type-options"], res.headers["referrer-policy"]]).toEqual([
        "nosniff",
        "no-referrer",
      ]);
    }
  });
});
