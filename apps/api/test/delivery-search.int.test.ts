import { uuidv7 } from "@herald/db";
import request from "supertest";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// GET /deliveries, the dead-letter queue's filters and a scoped retry-all,
// over delivery rows written directly (no worker): one fixed history, each
// row named, so every expectation below is a list of names written out.
let t: TestApp;
let acmeKey: string;
let globexKey: string;
const tenants: Record<string, string> = {};
const hooks: Record<string, string> = {};
const ids: Record<string, string> = {};

const BASE = Date.parse("2026-11-20T12:00:00.000Z");
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

type Status = "pending" | "success" | "failed" | "cancelled";
type Row = [
  name: string,
  hook: string,
  tenant: string | null,
  type: string,
  status: Status,
  http: number | null,
  minute: number,
];
const history: Row[] = [
  ["a1", "acme", "acme", "invoice.paid", "failed", 500, 0],
  ["a2", "acme", "acme", "invoice.created", "success", 200, 10],
  ["g1", "globex", "globex", "invoice.paid", "failed", 500, 15],
  ["a3", "acme2", "acme", "customer.created", "failed", 404, 20],
  ["n1", "global", "acme", "invoice.paid", "failed", 500, 25],
  ["a4", "acme", "acme", "invoice.line.added", "failed", 500, 30],
  ["h1", "global", null, "herald.endpoint.disabled", "success", 200, 35],
  ["a5", "acme", "acme", "invoices.renamed", "pending", null, 40],
];

beforeAll(async () => {
  t = await createTestApp("delivery-search");
  const { db } = t.deps;
  for (const name of ["acme", "globex"]) tenants[name] = (await createTenant(db, name)).id;
  acmeKey = await createTenantKey(db, tenants.acme!);
  globexKey = await createTenantKey(db, tenants.globex!);
  const hookTenants: Record<string, string | undefined> = {
    acme: tenants.acme,
    acme2: tenants.acme,
    globex: tenants.globex,
    global: undefined,
  };
  for (const [name, tenantId] of Object.entries(hookTenants)) {
    const row = await createWebhook(db, {
      url: `https://receiver.example/${name}`,
      secret: "s3cret-value-1",
      encryptionKey: t.deps.config.encryptionKey,
      ...(tenantId ? { tenantId } : {}),
    });
    hooks[name] = row.id;
  }
  for (const [name, hook, tenant, type, status, http, minute] of history) {
    const createdAt = at(minute);
    const tenantId = tenant ? tenants[tenant]! : null;
    const event = await db.event.create({
      data: { type, tenantId, data: { name }, clientId: `evt_${name}`, createdAt },
    });
    const row = await db.delivery.create({
      data: {
        // As a publish writes it: the id is a UUIDv7 of the creation instant.
        id: uuidv7(createdAt.getTime()),
        eventId: event.id,
        webhookId: hooks[hook]!,
        tenantId,
        status,
        attemptCount: status === "pending" ? 0 : 3,
        lastStatusCode: http,
        lastError: status === "failed" ? `HTTP ${http}` : null,
        createdAt,
        completedAt: status === "pending" ? null : createdAt,
      },
    });
    ids[name] = row.id;
  }
});
afterAll(() => t.close());

const get = (path: string, auth = t.admin) => request(t.app).get(`/api/v1${path}`).set("authorization", auth);
const post = (path: string, auth = t.admin) => request(t.app).post(`/api/v1${path}`).set("authorization", auth);
const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
const names = (body: Array<{ id: string }>) => body.map((d) => nameOf(d.id));
async function listed(path: string, auth = t.admin): Promise<string[]> {
  const res = await get(path, auth);
  expect(res.status).toBe(200);
  return names(res.body);
}
const statuses = async () =>
  Object.fromEntries(
    (await t.deps.db.delivery.findMany({ select: { id: true, status: true } })).map((d) => [nameOf(d.id), d.status]),
  );

describe("GET /deliveries", () => {
  it("lists every delivery newest first, each row with its event's type and the full ids", async () => {
    const res = await get("/deliveries");
    expect(names(res.body)).toEqual(["a5", "h1", "a4", "n1", "a3", "g1", "a2", "a1"]);
    expect(res.body[2]).toEqual({
      id: ids.a4,
      event_id: "evt_a4",
      event_type: "invoice.line.added",
      webhook_id: hooks.acme,
      tenant_id: tenants.acme,
      status: "failed",
      attempt_count: 3,
      next_attempt_at: null,
      last_attempt_at: null,
      last_status_code: 500,
      last_error: "HTTP 500",
      completed_at: "2026-11-20T12:30:00.000Z",
      created_at: "2026-11-20T12:30:00.000Z",
      updated_at: expect.any(String),
    });
  });

  it.each([
    ["status=failed", ["a4", "n1", "a3", "g1", "a1"]],
    ["status=pending", ["a5"]],
    ["event_type=invoice.*", ["a4", "n1", "g1", "a2", "a1"]],
    ["event_type=invoice.paid", ["n1", "g1", "a1"]],
    ["event_type=invoice.line.*", ["a4"]],
    ["event_type=*", ["a5", "a4", "n1", "a3", "g1", "a2", "a1"]],
    ["event_type=herald.*", ["h1"]],
    ["event_id=evt_a3", ["a3"]],
    ["http_status=404", ["a3"]],
    ["http_status=500", ["a4", "n1", "g1", "a1"]],
    ["since=2026-11-20T12:10:00Z&until=2026-11-20T12:30:00Z", ["n1", "a3", "g1", "a2"]],
    ["since=2026-11-20T12:31:00Z", ["a5", "h1"]],
    ["until=2026-11-20T12:10:00Z", ["a1"]],
    ["status=failed&event_type=invoice.*&http_status=500&since=2026-11-20T12:05:00Z", ["a4", "n1", "g1"]],
  ])("filters by %s", async (query, expected) => {
    expect(await listed(`/deliveries?${query}`)).toEqual(expected);
  });

  it("filters by webhook and by tenant (a tenant's deliveries to its own webhooks)", async () => {
    expect(await listed(`/deliveries?webhook_id=${hooks.acme}`)).toEqual(["a5", "a4", "a2", "a1"]);
    expect(await listed(`/deliveries?webhook_id=${hooks.global}`)).toEqual(["h1", "n1"]);
    expect(await listed(`/deliveries?tenant_id=${tenants.acme}`)).toEqual(["a5", "a4", "a3", "a2", "a1"]);
    expect(await listed(`/deliveries?tenant_id=${tenants.acme}&webhook_id=${hooks.acme2}`)).toEqual(["a3"]);
  });

  it("shows a tenant key only its tenant's deliveries to its own webhooks; another tenant is a 404", async () => {
    expect(await listed("/deliveries", acmeKey)).toEqual(["a5", "a4", "a3", "a2", "a1"]);
    expect(await listed("/deliveries?event_type=invoice.paid", acmeKey)).toEqual(["a1"]);
    expect(await listed(`/deliveries?tenant_id=${tenants.acme}&status=failed`, acmeKey)).toEqual(["a4", "a3", "a1"]);
    expect(await listed(`/deliveries?webhook_id=${hooks.globex}`, acmeKey)).toEqual([]);
    expect(await listed(`/deliveries?event_id=evt_g1`, acmeKey)).toEqual([]);
    expect((await get(`/deliveries?tenant_id=${tenants.globex}`, acmeKey)).status).toBe(404);
    expect(await listed("/deliveries", globexKey)).toEqual(["g1"]);
  });

  it("pages by cursor within the filter", async () => {
    const first = await get("/deliveries?status=failed&limit=2");
    expect(names(first.body)).toEqual(["a4", "n1"]);
    expect(first.headers["x-next-cursor"]).toBe(ids.n1);
    const second = await get(`/deliveries?status=failed&limit=2&cursor=${first.headers["x-next-cursor"]}`);
    expect(names(second.body)).toEqual(["a3", "g1"]);
    expect(second.headers.link).toBe(`</api/v1/deliveries?status=failed&limit=2&cursor=${ids.g1}>; rel="next"`);
    const last = await get(`/deliveries?status=failed&limit=2&cursor=${second.headers["x-next-cursor"]}`);
    expect(names(last.body)).toEqual(["a1"]);
    expect(last.headers["x-next-cursor"]).toBeUndefined();
  });

  it.each([
    ["status=lost", "status"],
    ["webhook_id=not-a-uuid", "webhook_id"],
    ["tenant_id=42", "tenant_id"],
    ["event_type=invoice.**", "event_type"],
    ["event_type=invoice..paid", "event_type"],
    ["event_id=has%20space", "event_id"],
    ["http_status=abc", "http_status"],
    ["http_status=42", "http_status"],
    ["since=yesterday", "since"],
    ["since=2026-11-20T12:30:00Z&until=2026-11-20T12:00:00Z", "until"],
    ["cursor=nope", "cursor"],
    ["limit=0", "limit"],
    ["status=failed&status=pending", "status"],
    ["colour=red", "colour"],
  ])("answers %s with a 400 naming the field", async (query, field) => {
    const res = await get(`/deliveries?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe("GET /events by type pattern", () => {
  it("takes invoice.* and * as a webhook subscription does", async () => {
    const types = async (query: string) =>
      ((await get(`/events?${query}&limit=100`)).body as Array<{ id: string }>).map((e) => e.id);
    expect(await types("type=invoice.*")).toEqual(["evt_a4", "evt_n1", "evt_g1", "evt_a2", "evt_a1"]);
    expect(await types("type=invoice.paid")).toEqual(["evt_n1", "evt_g1", "evt_a1"]);
    expect(await types("type=*")).toEqual(["evt_a5", "evt_a4", "evt_n1", "evt_a3", "evt_g1", "evt_a2", "evt_a1"]);
    // `_` is a literal character of a type, not a wildcard.
    const underscored = await t.deps.db.event.create({
      data: { type: "my_svc.created", data: {}, clientId: "evt_u1" },
    });
    await t.deps.db.event.create({ data: { type: "myXsvc.created", data: {}, clientId: "evt_u2" } });
    expect(await types("type=my_svc.*")).toEqual([underscored.clientId]);
    const bad = await get("/events?type=invoice.*.paid");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["type"]);
  });
});

describe("GET /events by tenant and time", () => {
  it("keeps a tenant's events of a window, newest first; a tenant key names only its own tenant", async () => {
    const window = "since=2026-11-20T12:10:00Z&until=2026-11-20T12:40:00Z";
    const eventIds = async (query: string, auth = t.admin) =>
      ((await get(`/events?${query}`, auth)).body as Array<{ id: string }>).map((e) => e.id);
    expect(await eventIds(`tenant_id=${tenants.acme}&${window}`)).toEqual(["evt_a4", "evt_n1", "evt_a3", "evt_a2"]);
    expect(await eventIds(`${window}&type=invoice.*`, acmeKey)).toEqual(["evt_a4", "evt_n1", "evt_a2"]);
    expect(await eventIds("", globexKey)).toEqual(["evt_g1"]);
    expect((await get(`/events?tenant_id=${tenants.globex}`, acmeKey)).status).toBe(404);
    const bad = await get("/events?since=2026-11-20T12:40:00Z&until=2026-11-20T12:10:00Z");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["until"]);
  });
});

describe("the dead-letter queue and retry-all, filtered", () => {
  it("lists the failed deliveries that match the filter, with their event's type", async () => {
    const res = await get(`/webhooks/deliveries/failed?event_type=invoice.*&tenant_id=${tenants.acme}`);
    expect(names(res.body)).toEqual(["a4", "a1"]);
    expect(res.body.map((d: { event_type: string }) => d.event_type)).toEqual(["invoice.line.added", "invoice.paid"]);
    expect(await listed("/webhooks/deliveries/failed?since=2026-11-20T12:15:00Z&until=2026-11-20T12:26:00Z")).toEqual([
      "n1",
      "a3",
      "g1",
    ]);
    const bad = await get("/webhooks/deliveries/failed?event_type=invoice.");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["event_type"]);
  });

  it("dry_run answers how many would be retried and changes nothing", async () => {
    const before = await statuses();
    const res = await post("/webhooks/deliveries/retry-all").send({ event_type: "invoice.*", dry_run: true });
    expect(res.body).toEqual({ retried: 4, dry_run: true });
    const scoped = await post("/webhooks/deliveries/retry-all", acmeKey).send({ dry_run: true });
    expect(scoped.body).toEqual({ retried: 3, dry_run: true });
    expect(await statuses()).toEqual(before);
    expect(await t.deps.db.auditLog.count({ where: { action: "delivery.retried_all" } })).toBe(0);
  });

  it("retries only the matching failed deliveries, and its audit entry records the filter", async () => {
    const body = { event_type: "invoice.paid", tenant_id: tenants.acme, since: "2026-11-20T12:00:00Z" };
    expect((await post("/webhooks/deliveries/retry-all").send(body)).body).toEqual({ retried: 1, dry_run: false });
    expect(await statuses()).toEqual({
      a1: "pending",
      a2: "success",
      g1: "failed",
      a3: "failed",
      n1: "failed",
      a4: "failed",
      h1: "success",
      a5: "pending",
    });
    const audit = await t.deps.db.auditLog.findFirstOrThrow({ where: { action: "delivery.retried_all" } });
    expect(audit.changes).toEqual({
      retried: 1,
      filter: { event_type: "invoice.paid", tenant_id: tenants.acme, since: "2026-11-20T12:00:00.000Z" },
    });
  });

  it("keeps a tenant key to its tenant, and refuses bad filters naming the field", async () => {
    expect((await post("/webhooks/deliveries/retry-all", acmeKey).send({ tenant_id: tenants.globex })).status).toBe(
      404,
    );
    const res = await post("/webhooks/deliveries/retry-all", globexKey).send({ webhook_id: hooks.acme });
    expect(res.body).toEqual({ retried: 0, dry_run: false });
    expect((await statuses()).a4).toBe("failed");
    for (const [body, field] of [
      [{ event_type: "invoice.**" }, "event_type"],
      [{ dry_run: "yes" }, "dry_run"],
      [{ since: "2026-11-20T13:00:00Z", until: "2026-11-20T12:00:00Z" }, "until"],
      [{ webhook_id: 7 }, "webhook_id"],
    ] as const) {
      const bad = await post("/webhooks/deliveries/retry-all").send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await statuses()).toMatchObject({ a3: "failed", a4: "failed", n1: "failed", g1: "failed" });
  });
});
