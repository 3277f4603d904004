import { request as httpRequest } from "node:http";
import request from "supertest";
import { mintPortalToken } from "../src/routes/tenants/portal-sessions/portal-token.ts";
import { createTenantWithKey, type TenantWithKey } from "./helpers/fixtures.ts";
import { listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let acme: TenantWithKey;
let other: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("portal-sessions");
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
});
afterAll(() => t.close());

async function mint(tenantId: string, body: Record<string, unknown> = {}) {
  const res = await request(t.app)
    .post(`/api/v1/tenants/${tenantId}/portal-sessions`)
    .set("authorization", t.admin)
    .send(body);
  expect(res.status).toBe(201);
  const token = decodeURIComponent(new URL(res.body.url).hash.replace(/^#token=/, ""));
  return { ...res.body, token, auth: `Bearer ${token}` } as {
    id: string;
    url: string;
    expires_at: string;
    created_at: string;
    token: string;
    auth: string;
  };
}

/** A POST with this Host header, as sent (fetch replaces it with the URL's own). */
async function postWithHost(url: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: { authorization: t.admin, host, "content-type": "application/json" },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

const whoami = (auth: string) => request(t.app).get("/api/v1/whoami").set("authorization", auth);
const refusedMessage = "this portal link is invalid, expired or revoked; ask for a new one";

describe("minting a portal link", () => {
  it("answers a console URL on the address the request reached, never its Host header, with the token in the fragment", async () => {
    // Over a real socket, so the address the connection arrived at is known: 127.0.0.1 and this port.
    const server = await listen(t);
    try {
      const res = await postWithHost(`${server.origin}/api/v1/tenants/${acme.id}/portal-sessions`, "evil.example");
      const body = JSON.parse(res.text) as Record<string, string>;
      expect(res.status).toBe(201);
      expect(Object.keys(body).sort()).toEqual(["branding", "created_at", "expires_at", "id", "tenant_id", "url"]);
      expect(body.branding).toBeNull();
      expect(body.tenant_id).toBe(acme.id);
      expect(body.url).not.toContain("evil.example");
      expect(body.url).toMatch(
        new RegExp(`^${server.origin}/console/portal\\?session=${body.id}#token=hps_${body.id}\\.[A-Za-z0-9_-]{43}$`),
      );
      expect(Date.parse(body.expires_at!) - Date.parse(body.created_at!)).toBe(3600_000);
    } finally {
      await server.close();
    }
  });

  it("is refused with a 503 naming HERALD_PUBLIC_URL when production has none, and mints no session", async () => {
    const tenant = await createTenantWithKey(t, "unconfigured");
    t.deps.config.requirePublicUrl = true;
    try {
      const refused = await request(t.app)
        .post(`/api/v1/tenants/${tenant.id}/portal-sessions`)
        .set("authorization", t.admin)
        .set("host", "evil.example")
        .send({});
      expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
        503,
        "not_configured",
        "portal links need HERALD_PUBLIC_URL, the origin users reach Herald at (e.g. https://herald.example.com); " +
          "set it and restart the API",
      ]);
      expect(refused.headers["retry-after"]).toBeUndefined();
      expect(await t.deps.db.portalSession.count({ where: { tenantId: tenant.id } })).toBe(0);
      // Positive control: the same request is served once the origin is configured.
      t.deps.config.publicUrl = "https://hooks.example.com";
      const session = await mint(tenant.id);
      expect(session.url.startsWith(`https://hooks.example.com/console/portal?session=${session.id}#token=hps_`)).toBe(
        true,
      );
      expect(await t.deps.db.portalSession.count({ where: { tenantId: tenant.id } })).toBe(1);
    } finally {
      t.deps.config.requirePublicUrl = false;
      t.deps.config.publicUrl = undefined;
    }
  });

  it("uses HERALD_PUBLIC_URL as the origin when it is set", async () => {
    t.deps.config.publicUrl = "https://hooks.example.com/";
    try {
      const session = await mint(acme.id, { ttl_seconds: 60 });
      expect(session.url.startsWith(`https://hooks.example.com/console/portal?session=${session.id}#token=hps_`)).toBe(
        true,
      );
      expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(60_000);
    } finally {
      t.deps.config.publicUrl = undefined;
    }
  });

  it("refuses a ttl outside 60..86400 naming the field, an unknown tenant, and non-admin callers", async () => {
    for (const ttl of [59, 86_401, 1.5, "3600", null]) {
      const res = await request(t.app)
        .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
        .set("authorization", t.admin)
        .send({ ttl_seconds: ttl });
      expect([res.status, res.body.error.details.map((d: { field: string }) => d.field)]).toEqual([
        400,
        ["ttl_seconds"],
      ]);
    }
    const unknown = await request(t.app)
      .post("/api/v1/tenants/0190f2f4-0000-7000-8000-000000000000/portal-sessions")
      .set("authorization", t.admin)
      .send({});
    expect(unknown.status).toBe(404);
    const byTenant = await request(t.app)
      .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
      .set("authorization", acme.auth)
      .send({});
    expect(byTenant.status).toBe(403);
    const session = await mint(acme.id);
    const byPortal = await request(t.app)
      .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
      .set("authorization", session.auth)
      .send({});
    expect(byPortal.status).toBe(403);
  });

  it("audits minting and revoking, never the token", async () => {
    const session = await mint(acme.id);
    await request(t.app)
      .delete(`/api/v1/tenants/${acme.id}/portal-sessions/${session.id}`)
      .set("authorization", t.admin)
      .expect(204);
    const entries = await t.deps.db.auditLog.findMany({ where: { resourceId: session.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorId, e.tenantId])).toEqual([
      ["portal_session.created", "admin", acme.id],
      ["portal_session.revoked", "admin", acme.id],
    ]);
    const signature = session.token.split(".")[1]!;
    expect(JSON.stringify(entries)).not.toContain(signature);
  });
});

describe("a portal session", () => {
  it("is a portal principal of its tenant, with its expiry", async () => {
    const session = await mint(acme.id);
    const res = await whoami(session.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      role: "portal",
      tenant_id: acme.id,
      expires_at: session.expires_at,
      tenant_name: "acme",
      branding: null,
    });
    expect((await whoami(acme.auth)).body).toEqual({ role: "tenant", tenant_id: acme.id });
    expect((await whoami(t.admin)).body).toEqual({ role: "admin", tenant_id: null });
  });

  it("is refused with one clear 401 once revoked; revoking twice is harmless; unknown or foreign sessions are 404", async () => {
    const session = await mint(acme.id);
    await whoami(session.auth).expect(200);
    const path = `/api/v1/tenants/${acme.id}/portal-sessions/${session.id}`;
    await request(t.app).delete(path).set("authorization", t.admin).expect(204);
    const refused = await whoami(session.auth);
    expect([refused.status, refused.body.error.message]).toEqual([401, refusedMessage]);
    await request(t.app).delete(path).set("authorization", t.admin).expect(204);
    await request(t.app)
      .delete(`/api/v1/tenants/${other.id}/portal-sessions/${session.id}`)
      .set("authorization", t.admin)
      .expect(404);
    await request(t.app)
      .delete(`/api/v1/tenants/${acme.id}/portal-sessions/0190f2f4-0000-7000-8000-000000000000`)
      .set("authorization", t.admin)
      .expect(404);
  });

  it("is refused once expired", async () => {
    const { encryptionKey } = t.deps.config;
    const rowOf = (expiresAt: Date) =>
      t.deps.db.portalSession.create({ data: { tenantId: acme.id, expiresAt, createdBy: "admin" } });
    const live = await rowOf(new Date(Date.now() + 60_000));
    await whoami(
      `Bearer ${mintPortalToken({ sessionId: live.id, tenantId: acme.id, expiresAt: live.expiresAt }, encryptionKey)}`,
    ).expect(200);
    const expired = await rowOf(new Date(Date.now() - 1000));
    const res = await whoami(
      `Bearer ${mintPortalToken({ sessionId: expired.id, tenantId: acme.id, expiresAt: expired.expiresAt }, encryptionKey)}`,
    );
    expect([res.status, res.body.error.message]).toEqual([401, refusedMessage]);
  });

  it("is refused once its tenant is deleted", async () => {
    const doomed = await createTenantWithKey(t, "doomed");
    const session = await mint(doomed.id);
    await whoami(session.auth).expect(200);
    await request(t.app).delete(`/api/v1/tenants/${doomed.id}`).set("authorization", t.admin).expect(204);
    expect((await whoami(session.auth)).status).toBe(401);
  });

  it("refuses a tampered token: altered signature, another session's id, another key", async () => {
    const a = await mint(acme.id);
    const b = await mint(acme.id);
    const [, signature] = a.token.split(".");
    const flipped = a.token.slice(0, -2) + (a.token.endsWith("AA") ? "BB" : "AA");
    const otherKey = mintPortalToken(
      { sessionId: a.id, tenantId: acme.id, expiresAt: new Date(a.expires_at) },
      "f".repeat(64),
    );
    const forgedTenant = mintPortalToken(
      { sessionId: a.id, tenantId: other.id, expiresAt: new Date(a.expires_at) },
      "f".repeat(64),
    );
    for (const token of [
      flipped,
      `hps_${b.id}.${signature}`,
      otherKey,
      forgedTenant,
      `${a.token}x`,
      a.token.slice(0, -1),
    ]) {
      const res = await whoami(`Bearer ${token}`);
      expect([token, res.status]).toEqual([token, 401]);
    }
    await whoami(a.auth).expect(200);
  });

  it("lists active and revoked sessions newest first, paged", async () => {
    const tenant = await createTenantWithKey(t, "lister");
    const first = await mint(tenant.id);
    const second = await mint(tenant.id);
    const third = await mint(tenant.id);
    await request(t.app)
      .delete(`/api/v1/tenants/${tenant.id}/portal-sessions/${second.id}`)
      .set("authorization", t.admin)
      .expect(204);
    const page1 = await request(t.app)
      .get(`/api/v1/tenants/${tenant.id}/portal-sessions?limit=2`)
      .set("authorization", t.admin)
      .expect(200);
    expect(page1.body.map((s: { id: string }) => s.id)).toEqual([third.id, second.id]);
    expect(page1.body[1].revoked_at).toEqual(expect.any(String));
    expect(page1.body[0]).toEqual({
      id: third.id,
      tenant_id: tenant.id,
      created_at: third.created_at,
      expires_at: third.expires_at,
      revoked_at: null,
      created_by: "admin",
      branding: null,
    });
    expect(JSON.stringify(page1.body)).not.toContain("hps_");
    const page2 = await request(t.app)
      .get(`/api/v1/tenants/${tenant.id}/portal-sessions?limit=2&cursor=${page1.headers["x-next-cursor"]}`)
      .set("authorization", t.admin)
      .expect(200);
    expect(page2.body.map((s: { id: string }) => s.id)).toEqual([first.id]);
  });
});

describe("a portal link's branding", () => {
  const branding = {
    title: "Acme <Webhooks> & Co",
    primary_color: "#C0FFEE",
    logo_url: "https://cdn.acme-brand.example:8443/logo.png?v=2",
    dark_mode: true,
  };
  const stored = { ...branding, primary_color: "#c0ffee" };

  it("is stored with the session, answered when minted and listed, and served to the portal with the tenant's name", async () => {
    const session = await mint(acme.id, { branding });
    expect((session as unknown as { branding: unknown }).branding).toEqual(stored);
    expect((await whoami(session.auth)).body).toEqual({
      role: "portal",
      tenant_id: acme.id,
      expires_at: session.expires_at,
      tenant_name: "acme",
      branding: stored,
    });
    const listed = await request(t.app)
      .get(`/api/v1/tenants/${acme.id}/portal-sessions?limit=1`)
      .set("authorization", t.admin)
      .expect(200);
    expect(listed.body[0]).toMatchObject({ id: session.id, branding: stored });
    const [audit] = await t.deps.db.auditLog.findMany({ where: { resourceId: session.id } });
    expect(audit?.changes).toMatchObject({ branding: stored });
  });

  it("lets the portal page of that session, and only it, load images from the logo's exact origin", async () => {
    const session = await mint(acme.id, { branding });
    const plain = await mint(acme.id);
    const csp = async (query: string) =>
      (await request(t.app).get(`/console/portal${query}`).expect(200)).headers["content-security-policy"] as string;
    const imgSrc = (policy: string) => policy.split("; ").find((d) => d.startsWith("img-src"));
    expect(imgSrc(await csp(`?session=${session.id}`))).toBe(
      "img-src 'self' data: https://cdn.acme-brand.example:8443",
    );
    expect(imgSrc(await csp(`?session=${plain.id}`))).toBe("img-src 'self' data:");
    expect(imgSrc(await csp(""))).toBe("img-src 'self' data:");
    expect(imgSrc(await csp("?session=not-a-session;img-src%20*"))).toBe("img-src 'self' data:");
    expect(imgSrc(await csp("?session=0190f2f4-0000-7000-8000-000000000000"))).toBe("img-src 'self' data:");
    // The operator console never widens its policy.
    const consolePage = await request(t.app).get(`/console?session=${session.id}`).expect(200);
    expect(imgSrc(consolePage.headers["content-security-policy"] ?? "")).toBe("img-src 'self' data:");
    // A revoked session's logo is no longer allowed.
    await request(t.app)
      .delete(`/api/v1/tenants/${acme.id}/portal-sessions/${session.id}`)
      .set("authorization", t.admin)
      .expect(204);
    expect(imgSrc(await csp(`?session=${session.id}`))).toBe("img-src 'self' data:");
  });

  it("refuses values that could reach the page or its CSP as anything but text, a colour or an https image, naming the field", async () => {
    const refused: [Record<string, unknown>, string, string][] = [
      [{ title: "x".repeat(81) }, "branding.title", "branding.title: must be at most 80 characters"],
      [
        { title: "evil\u202eelif.exe" },
        "branding.title",
        "branding.title: must be plain text (no control or formatting characters)",
      ],
      [
        { primary_color: "red" },
        "branding.primary_color",
        'branding.primary_color: must be a colour written "#rrggbb"',
      ],
      [
        { primary_color: "#123456;background:url(x)" },
        "branding.primary_color",
        'branding.primary_color: must be a colour written "#rrggbb"',
      ],
      [
        { primary_color: "#fff" },
        "branding.primary_color",
        'branding.primary_color: must be a colour written "#rrggbb"',
      ],
      [
        { logo_url: "javascript:alert(1)" },
        "branding.logo_url",
        "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
      ],
      [
        { logo_url: "data:image/png;base64,AAAA" },
        "branding.logo_url",
        "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
      ],
      [
        { logo_url: "http://cdn.example/logo.png" },
        "branding.logo_url",
        "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
      ],
      [
        { logo_url: "https://a;img-src*.example/x.png" },
        "branding.logo_url",
        "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
      ],
      [
        { logo_url: "https://user:pw@cdn.example/x.png" },
        "branding.logo_url",
        "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
      ],
      [
        { logo_url: `https://cdn.example/${"x".repeat(2048)}` },
        "branding.logo_url",
        "branding.logo_url: must be at most 2048 characters",
      ],
      [{ dark_mode: "yes" }, "branding.dark_mode", "branding.dark_mode: must be true or false"],
      [{ css: "body{}" }, "branding.css", "branding.css: is not a known field"],
    ];
    for (const [value, field, message] of refused) {
      const res = await request(t.app)
        .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
        .set("authorization", t.admin)
        .send({ branding: value });
      expect([res.status, res.body.error.details]).toEqual([400, [expect.objectContaining({ field, message })]]);
    }
    const notObject = await request(t.app)
      .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
      .set("authorization", t.admin)
      .send({ branding: "Acme" });
    expect([notObject.status, notObject.body.error.details[0].field]).toEqual([400, "branding"]);
  });
});
