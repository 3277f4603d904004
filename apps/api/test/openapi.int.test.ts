import request from "supertest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("openapi");
});
afterAll(() => t.close());

describe("/openapi.json", () => {
  it("is public and describes every management operation from the validating schemas", async () => {
    const res = await request(t.app).get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const op of [
      "POST /api/v1/webhooks",
      "GET /api/v1/webhooks",
      "GET /api/v1/webhooks/{id}",
      "PATCH /api/v1/webhooks/{id}",
      "DELETE /api/v1/webhooks/{id}",
      "POST /api/v1/api-keys",
      "GET /api/v1/api-keys",
      "DELETE /api/v1/api-keys/{id}",
      "POST /api/v1/tenants",
      "GET /api/v1/tenants",
      "PATCH /api/v1/tenants/{id}",
      "DELETE /api/v1/tenants/{id}",
      "POST /api/v1/tenants/{id}/consent",
      "GET /api/v1/tenants/{id}/consent",
      "DELETE /api/v1/tenants/{id}/consent/{purpose}",
      "POST /api/v1/event-types",
      "GET /api/v1/audit-logs",
      "GET /api/v1/audit-logs/{id}",
      "POST /api/v1/maintenance/rotate-encryption-key",
      "POST /api/v1/maintenance/purge-expired",
      "POST /api/v1/tenants/{id}/portal-sessions",
      "GET /api/v1/tenants/{id}/portal-sessions",
      "DELETE /api/v1/tenants/{id}/portal-sessions/{session_id}",
      "GET /api/v1/whoami",
      "GET /api/v1/webhooks/health",
      "GET /api/v1/stats/deliveries",
    ]) {
      expect(ops).toContain(op);
    }
    const create = doc.paths["/api/v1/webhooks"].post;
    const body = create.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["url", "events"]);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.secret).toMatchObject({ minLength: 10, maxLength: 50 });
    expect(create.responses["201"].content["application/json"].schema.properties).toHaveProperty("secret");
    const list = doc.paths["/api/v1/audit-logs"].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(["tenant_id", "action", "resource_type", "actor_id", "from", "to", "limit", "cursor"]);
    const limit = doc.paths["/api/v1/audit-logs"].get.parameters.find((p: { name: string }) => p.name === "limit");
    expect(limit.schema).toMatchObject({ minimum: 1, maximum: 100, default: 50 });
    expect(
      doc.paths["/api/v1/webhooks/{id}"].get.responses["200"].content["application/json"].schema.properties,
    ).not.toHaveProperty("secret");
    expect(doc.paths["/api/v1/tenants"].post["x-herald-admin-only"]).toBe(true);
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
    // Which operations a tenant portal session may call, for clients such as the console.
    expect(doc.paths["/api/v1/webhooks/{id}"].patch["x-herald-portal"]).toBe(true);
    expect(doc.paths["/api/v1/whoami"].get["x-herald-portal"]).toBe(true);
    expect(doc.paths["/api/v1/events"].post).not.toHaveProperty("x-herald-portal");
    expect(doc.paths["/api/v1/tenants/{id}/portal-sessions"].post).toMatchObject({ "x-herald-admin-only": true });
    expect(
      doc.paths["/api/v1/tenants/{id}/portal-sessions"].post.requestBody.content["application/json"].schema.properties
        .ttl_seconds,
    ).toMatchObject({ minimum: 60, maximum: 86400 });
    const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (methods) => Object.values(methods).map((m) => m.operationId),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("documents exactly what is enforced: a field the document says is required is required", async () => {
    const doc = (await request(t.app).get("/openapi.json")).body;
    const required: string[] =
      doc.paths["/api/v1/tenants"].post.requestBody.content["application/json"].schema.required;
    expect(required).toEqual(["name"]);
    const res = await request(t.app).post("/api/v1/tenants").set("authorization", t.admin).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(required);
  });
});

describe("/docs", () => {
  it("is the reference page under a strict CSP, loading only its own scripts and styles from this origin", async () => {
    const res = await request(t.app).get("/docs");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toContain("Herald API reference");
    expect(res.text).toContain("/openapi.json");
    const csp = res.headers["content-security-policy"];
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toContain("unsafe");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    // No inline script: every <script> names a file, and every file is served here with its type.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((url) => url.startsWith("/docs/assets/"));
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const file = await request(t.app).get(asset);
      expect(file.status).toBe(200);
      expect(file.headers["content-type"]).toMatch(
        asset.endsWith(".js") ? /javascript/ : asset.endsWith(".css") ? /text\/css/ : /image\/png/,
      );
    }
  });

  it("serves nothing else from the renderer's package", async () => {
    for (const path of [
      "/docs/assets/package.json",
      "/docs/assets/index.html",
      "/docs/assets/..%2F..%2Fpackage.json",
      "/docs/assets/swagger-ui-bundle.js.map",
    ]) {
      expect((await request(t.app).get(path)).status).toBe(404);
    }
  });
});
