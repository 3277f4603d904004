import { encrypt } from "@herald/crypto";
import { generateSigningKeyPair } from "@herald/signing";
import request from "supertest";
import { registeredOperations, type OperationSpec } from "../src/openapi/registry.ts";
import { portalMay } from "../src/routes/tenants/portal-sessions/portal-access.ts";
import { mintPortalToken } from "../src/routes/tenants/portal-sessions/portal-token.ts";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Every registered route × {admin, tenant A, tenant B, portal sessions of A
// and B, revoked key, expired portal link, no key, malformed header}, aimed at tenant B's resources: the expected status, and
// no trace of B in what anyone but B and the admin gets back. Driven by the
// registry, so a new route is covered without touching this file.
const t: TestApp = await createTestApp("isolation-matrix");
afterAll(() => t.close());

interface World {
  auth: Record<Principal, string | undefined>;
  /** Path parameter values pointing at B's resources. */
  ids: Record<string, string>;
  /** Strings that only B's resources contain. */
  secretsOfB: string[];
}
type Principal =
  | "none"
  | "malformed"
  | "revoked"
  | "expiredPortal"
  | "tenantA"
  | "tenantB"
  | "portalA"
  | "portalB"
  | "admin";
const principals: Principal[] = [
  "none",
  "malformed",
  "revoked",
  "expiredPortal",
  "tenantA",
  "tenantB",
  "portalA",
  "portalB",
  "admin",
];
const malformed = [
  "Bearer",
  "Bearer ",
  "Basic !!!not-base64",
  "Token hk_abc",
  "bearer hk_" + "x".repeat(300),
  "Bearer hk_\u00ff\u00fe",
  "Basic " + Buffer.from(":").toString("base64"),
];

async function buildWorld(n: number): Promise<World> {
  const { db } = t.deps;
  const [a, b] = await Promise.all([createTenant(db, `a-${n}`), createTenant(db, `b-only-tenant-${n}`)]);
  const tenantB = await createTenantKey(db, b.id);
  const tenantA = await createTenantKey(db, a.id);
  // A second key of A's, revoked: the newest row (ids are UUIDv7).
  const revoked = await createTenantKey(db, a.id);
  const revokedRow = await db.apiKey.findFirstOrThrow({ where: { tenantId: a.id }, orderBy: { id: "desc" } });
  await db.apiKey.update({ where: { id: revokedRow.id }, data: { revokedAt: new Date() } });
  const hook = await createWebhook(db, {
    url: `https://127.0.0.1:9/b-only-hook-${n}`,
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
    tenantId: b.id,
    events: ["*"],
  });
  // An ed25519 webhook: its public key is B's to read, its key pair B's to rotate.
  const keys = generateSigningKeyPair();
  await db.webhook.update({
    where: { id: hook.id },
    data: {
      signatureScheme: "ed25519",
      signingKeyEncrypted: encrypt(keys.privateKey, t.deps.config.encryptionKey),
      publicKey: keys.publicKey,
    },
  });
  // B's payload filter is B's too: it lets B's events through and must not show to anyone else.
  await db.webhook.update({
    where: { id: hook.id },
    data: { filter: { "data.marker": { $ne: `b-only-filter-${n}` } } },
  });
  const event = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", tenantB)
    .send({ type: "b.only", data: { marker: `b-only-data-${n}` } })
    .expect(202);
  // Failed, so a retry of it is a valid request for its owner.
  const delivery = await db.delivery.findFirstOrThrow({ where: { eventId: event.body.id } });
  await db.delivery.update({ where: { id: delivery.id }, data: { status: "failed", completedAt: new Date() } });
  await request(t.app)
    .post(`/api/v1/tenants/${b.id}/consent`)
    .set("authorization", tenantB)
    .send({ purpose: `b_only_purpose_${n}` })
    .expect(201);
  const audit = await db.auditLog.findFirstOrThrow({ where: { tenantId: b.id } });
  const portalOf = async (tenantId: string, expiresInMs = 600_000) => {
    const row = await db.portalSession.create({
      data: { tenantId, expiresAt: new Date(Date.now() + expiresInMs), createdBy: "admin" },
    });
    return {
      id: row.id,
      auth: `Bearer ${mintPortalToken({ sessionId: row.id, tenantId, expiresAt: row.expiresAt }, t.deps.config.encryptionKey)}`,
    };
  };
  const [portalA, portalB, expiredPortal] = [await portalOf(a.id), await portalOf(b.id), await portalOf(a.id, -1000)];
  const bKey = await db.apiKey.findFirstOrThrow({ where: { tenantId: b.id } });
  await db.eventType.upsert({ where: { name: "matrix.type" }, create: { name: "matrix.type" }, update: {} });
  return {
    auth: {
      none: undefined,
      malformed: malformed[n % malformed.length],
      revoked,
      expiredPortal: expiredPortal.auth,
      tenantA,
      tenantB,
      portalA: portalA.auth,
      portalB: portalB.auth,
      admin: t.admin,
    },
    ids: {
      session_id: portalB.id,
      tenants: b.id,
      webhooks: hook.id,
      events: event.body.id,
      deliveries: delivery.id,
      deliveryId: delivery.id,
      "api-keys": bKey.id,
      "audit-logs": audit.id,
      name: "matrix.type",
      purpose: `b_only_purpose_${n}`,
    },
    secretsOfB: [
      portalB.id,
      keys.publicKey,
      b.id,
      hook.id,
      event.body.id,
      delivery.id,
      audit.id,
      bKey.id,
      `b-only-tenant-${n}`,
      `b-only-hook-${n}`,
      `b-only-data-${n}`,
      `b_only_purpose_${n}`,
      `b-only-filter-${n}`,
    ],
  };
}

const bodies: Record<string, Record<string, unknown>> = {
  "post /api/v1/webhooks": { url: "https://127.0.0.1/new", events: ["a.b"] },
  "patch /api/v1/webhooks/:id": { description: "changed" },
  "post /api/v1/tenants": { name: "new" },
  "patch /api/v1/tenants/:id": { name: "renamed" },
  "post /api/v1/api-keys": { name: "new", admin: true },
  "post /api/v1/tenants/:id/consent": { purpose: "new_purpose" },
  "post /api/v1/event-types": { name: "new.type" },
  "patch /api/v1/event-types/:name": { description: "d" },
  "post /api/v1/maintenance/rotate-encryption-key": { old_key: "o".repeat(20), new_key: "n".repeat(20) },
  "post /api/v1/events": { type: "a.b", data: {} },
  "post /api/v1/webhooks/:id/test": { event: "ping" },
  "post /api/v1/webhooks/:id/recover": { since: "2026-01-01T00:00:00Z" },
  "post /api/v1/webhooks/:id/filter/test": { payload: { type: "a.b", data: { marker: "x" } } },
};

// Routes that name B's resources in the query string rather than the path.
const queries: Record<string, (world: World) => string> = {
  "get /api/v1/webhooks/health": (world) => `?ids=${world.ids.webhooks}`,
  "get /api/v1/stats/deliveries": (world) => `?webhook_id=${world.ids.webhooks}`,
  "get /api/v1/deliveries": (world) => `?tenant_id=${world.ids.tenants}&status=failed`,
  "get /api/v1/events": (world) => `?tenant_id=${world.ids.tenants}`,
};

// ... or in the body.
const bodiesAimedAtB: Record<string, (world: World) => Record<string, unknown>> = {
  "post /api/v1/webhooks/deliveries/retry-all": (world) => ({ tenant_id: world.ids.tenants, dry_run: true }),
};

function pathFor(op: OperationSpec, world: World): string {
  const resource = op.path.split("/")[3]!;
  const query = queries[`${op.method} ${op.path}`]?.(world) ?? "";
  return (
    op.path.replace(/:(\w+)/g, (_m, name: string) =>
      encodeURIComponent(name === "id" ? world.ids[resource]! : world.ids[name]!),
    ) + query
  );
}

// Written out rather than read from the routes' own auth setting, so a route
// that loses its admin check fails here instead of changing what is expected.
const ADMIN_ONLY = new Set([
  "post /api/v1/tenants",
  "get /api/v1/tenants",
  "get /api/v1/tenants/:id",
  "patch /api/v1/tenants/:id",
  "delete /api/v1/tenants/:id",
  "post /api/v1/api-keys",
  "get /api/v1/api-keys",
  "get /api/v1/api-keys/:id",
  "delete /api/v1/api-keys/:id",
  "post /api/v1/event-types",
  "patch /api/v1/event-types/:name",
  "delete /api/v1/event-types/:name",
  "post /api/v1/maintenance/rotate-encryption-key",
  "post /api/v1/maintenance/purge-expired",
  "post /api/v1/tenants/:id/portal-sessions",
  "get /api/v1/tenants/:id/portal-sessions",
  "delete /api/v1/tenants/:id/portal-sessions/:session_id",
]);

// What a tenant portal link must never reach, written out for the same reason:
// a route wrongly added to the portal's allow list fails here.
const PORTAL_DENIED = [
  / \/api\/v1\/api-keys/,
  / \/api\/v1\/tenants/,
  / \/api\/v1\/maintenance/,
  / \/api\/v1\/audit-logs/,
  /^(post|patch|delete) \/api\/v1\/event-types/,
  /^post \/api\/v1\/events$/,
];

/** Which statuses each principal may get, aimed at B's resources. */
function expected(op: OperationSpec, who: Principal): (status: number) => boolean {
  const ok = (s: number) => s >= 200 && s < 300;
  if (who === "none" || who === "malformed" || who === "revoked" || who === "expiredPortal") return (s) => s === 401;
  const operation = `${op.method} ${op.path}`;
  const portal = who === "portalA" || who === "portalB";
  if (portal && (!portalMay(operation) || PORTAL_DENIED.some((denied) => denied.test(operation))))
    return (s) => s === 403;
  if (ADMIN_ONLY.has(operation) && who !== "admin") return (s) => s === 403;
  const globalResource = op.path.startsWith("/api/v1/event-types");
  const aimedAtB = op.path.includes(":") || operation in queries || operation in bodiesAimedAtB;
  if ((who === "tenantA" || who === "portalA") && aimedAtB && !globalResource) return (s) => s === 404;
  // The rotate-encryption-key sample carries a wrong old key: refused as 422 without change.
  if (op.path.endsWith("/rotate-encryption-key")) return (s) => s === 422;
  return ok;
}

const operations = registeredOperations().filter((op) => op.path.startsWith("/api/v1/"));

it("covers every registered route", () => {
  expect(operations.length).toBeGreaterThanOrEqual(30);
  // A renamed admin route must be renamed here too, or it would go unchecked.
  const registered = new Set(operations.map((op) => `${op.method} ${op.path}`));
  expect([...ADMIN_ONLY].filter((route) => !registered.has(route))).toEqual([]);
});

it.each(operations.map((op, i) => [`${op.method.toUpperCase()} ${op.path}`, op, i] as const))(
  "%s × every principal",
  async (_name, op, i) => {
    const failures: string[] = [];
    for (const who of principals) {
      // A fresh world for each principal of a write, so one principal's change cannot mask another's result.
      const world = await buildWorld(i * 10 + principals.indexOf(who));
      const path = pathFor(op, world);
      let req = request(t.app)[op.method](path);
      if (world.auth[who] !== undefined) req = req.set("authorization", world.auth[who]!);
      const body = bodies[`${op.method} ${op.path}`] ?? bodiesAimedAtB[`${op.method} ${op.path}`]?.(world);
      const res = await (body ? req.send(body) : req);
      if (!expected(op, who)(res.status))
        failures.push(`${who} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      if (res.status >= 400 && Object.keys(res.body ?? {}).join() !== "error")
        failures.push(`${who} → ${res.status} without the error body`);
      if (who !== "admin" && who !== "tenantB" && who !== "portalB") {
        const text = JSON.stringify(res.body) + JSON.stringify(res.headers);
        for (const leak of world.secretsOfB)
          if (text.includes(leak)) failures.push(`${who} → ${res.status} leaks ${leak}`);
      }
    }
    expect(failures).toEqual([]);
  },
);
