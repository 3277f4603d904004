import request from "supertest";
import { z } from "zod";
import { registeredOperations, type OperationSpec } from "../src/openapi/registry.ts";
import { createTenantWithKey, createWebhook } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Every route registered in the OpenAPI registry gets a table of hostile
// inputs; each must be a 4xx with the {error} body, never a 5xx. Driven by
// the registry, so a route added later is covered without touching this file
// (a route with a body must add a valid sample below, or the test fails).

let t: TestApp;
const ids: Record<string, string> = {};

const validBodies: Record<string, () => Record<string, unknown>> = {
  "post /api/v1/webhooks": () => ({ url: "https://127.0.0.1/x", events: ["a.b"] }),
  "patch /api/v1/webhooks/:id": () => ({ enabled: true }),
  "post /api/v1/webhooks/:id/rotate-secret": () => ({ secret: "chosen-secret-123" }),
  "post /api/v1/webhooks/:id/recover": () => ({ since: "2026-01-01T00:00:00Z" }),
  "post /api/v1/tenants": () => ({ name: "x" }),
  "patch /api/v1/tenants/:id": () => ({ name: "x" }),
  "post /api/v1/api-keys": () => ({ name: "x", admin: true }),
  "post /api/v1/tenants/:id/consent": () => ({ purpose: "p" }),
  "post /api/v1/tenants/:id/portal-sessions": () => ({ ttl_seconds: 600 }),
  "post /api/v1/event-types": () => ({ name: "new.type" }),
  "patch /api/v1/event-types/:name": () => ({ description: "d" }),
  "post /api/v1/maintenance/rotate-encryption-key": () => ({ old_key: "o".repeat(20), new_key: "n".repeat(20) }),
  "post /api/v1/events": () => ({ type: "a.b", data: {} }),
  "post /api/v1/webhooks/:id/test": () => ({ event: "ping" }),
  "post /api/v1/webhooks/deliveries/retry-all": () => ({ dry_run: true }),
  "post /api/v1/webhooks/:id/filter/test": () => ({
    payload: { type: "a.b", data: { amount: 1 } },
    filter: { "data.amount": { $gte: 1 } },
  }),
};

beforeAll(async () => {
  t = await createTestApp("hostile", { bodyLimit: "16kb" });
  const tenant = await createTenantWithKey(t, "hostile");
  ids.tenant = tenant.id;
  ids.webhook = (await createWebhook(t, t.admin, {})).id;
  ids.apiKey = (await t.deps.db.apiKey.findFirstOrThrow()).id;
  ids.audit = (await t.deps.db.auditLog.findFirstOrThrow()).id;
  ids.portalSession = (
    await t.deps.db.portalSession.create({
      data: { tenantId: tenant.id, expiresAt: new Date(Date.now() + 600_000), createdBy: "admin" },
    })
  ).id;
  await request(t.app)
    .post("/api/v1/event-types")
    .set("authorization", t.admin)
    .send({ name: "known.type" })
    .expect(201);
});
afterAll(() => t.close());

/** A real path for the operation, with each param from `values` or a real id. */
function fillPath(op: OperationSpec, values: Record<string, string> = {}): string {
  const resource = op.path.split("/")[3];
  const realId =
    { webhooks: ids.webhook, tenants: ids.tenant, "api-keys": ids.apiKey, "audit-logs": ids.audit }[resource ?? ""] ??
    ids.webhook!;
  const real: Record<string, string> = { id: realId, name: "known.type", purpose: "p", session_id: ids.portalSession! };
  return op.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? real[name] ?? "x"));
}

function send(op: OperationSpec, path: string) {
  return request(t.app)[op.method](path).set("authorization", t.admin);
}

function fieldsOf(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, unknown>;
  };
  return Object.keys(json.properties ?? {});
}

/** The error must name this field (in its details). */
type Hostile = { name: string; run: () => request.Test; field?: string };

// Hostile values of one field, sent beside a valid body to every route whose body has the field.
const fieldValues: Record<string, unknown[]> = {
  branding: ["Acme", 1, true, [], null, [{ title: "x" }]],
  ttl_seconds: ["3600", 59, 86_401, 1.5, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, null, true, [600], { $gt: 0 }],
  signature_scheme: [
    "ED25519",
    "Ed25519",
    "hmac",
    "hmac-sha512",
    "rsa",
    "v1a",
    "",
    " ed25519",
    "ed25519\u0000",
    "x".repeat(5000),
    null,
    0,
    25519,
    true,
    ["ed25519"],
    { $ne: null },
    { scheme: "ed25519" },
  ],
};

const bodyFilters = ["post /api/v1/webhooks/deliveries/retry-all"];

// The delivery search's filter (GET /deliveries, the dead-letter queue, retry-all's body) and the events' type.
const filterValues: Record<string, unknown[]> = {
  event_type: ["invoice.**", "*.paid", "invoice.%", "x".repeat(300), "' OR 1=1 --", 5, ["a.b"]],
  type: ["invoice.**", "*.paid", "invoice.%"],
  event_id: ["' OR 1=1 --", "a".repeat(200), "evt 1"],
  http_status: ["abc", "42", "600", "1e3", "5.5", "-200", 99, true],
  since: ["yesterday", "2026-13-01", 0, "1e308"],
  until: ["tomorrow", "2026-01-01T25:00:00Z"],
  webhook_id: ["not-a-uuid", "' OR 1=1 --"],
  tenant_id: ["not-a-uuid", "' OR 1=1 --"],
  status: ["lost", "FAILED", "failed'--"],
  dry_run: ["true", 1, null],
};

function hostileCases(op: OperationSpec): Hostile[] {
  const path = fillPath(op);
  const json = (raw: string) => () => send(op, path).set("content-type", "application/json").send(raw);
  const cases: Hostile[] = [
    { name: "malformed JSON", run: json('{"url": "https://x", ') },
    { name: "JSON with a trailing comma", run: json('{"a": 1,}') },
    { name: "oversized body", run: json(JSON.stringify({ padding: "x".repeat(20 * 1024) })) },
    {
      name: "unsupported charset",
      run: () => send(op, path).set("content-type", "application/json; charset=koi8-r").send("{}"),
    },
  ];
  if (op.params) {
    for (const param of op.path.match(/:(\w+)/g) ?? []) {
      const name = param.slice(1);
      for (const bad of ["not-a-uuid!", "' OR 1=1 --", "x".repeat(3000), "0190f2f4-zzzz-7000-8000-000000000000"]) {
        cases.push({ name: `bad :${name} ${bad.slice(0, 20)}`, run: () => send(op, fillPath(op, { [name]: bad })) });
      }
    }
    if (/:id/.test(op.path))
      cases.push({
        name: "unknown id",
        run: () => send(op, fillPath(op, { id: "0190f2f4-0000-7000-8000-000000000000" })),
      });
  }
  if (op.query) {
    for (const q of [
      "limit=0",
      "limit=-1",
      "limit=1000000",
      "limit=1.5",
      "limit=abc",
      "limit=1&limit=2",
      "cursor=not%20a%20cursor!",
      "unknown_param=1",
    ]) {
      cases.push({ name: `query ${q}`, run: () => send(op, `${path}?${q}`) });
    }
    for (const field of fieldsOf(op.query))
      for (const value of (filterValues[field] ?? []).filter((v) => typeof v === "string"))
        cases.push({
          name: `query ${field}=${String(value).slice(0, 30)}`,
          run: () => send(op, `${path}?${new URLSearchParams({ [field]: value as string })}`),
          field,
        });
  }
  if (["post", "put", "patch"].includes(op.method)) {
    const key = `${op.method} ${op.path}`;
    const valid = validBodies[key]?.() ?? {};
    const fields = op.body ? fieldsOf(op.body) : ["anything"];
    cases.push(
      { name: "body is an array", run: json("[]") },
      { name: "body is a string", run: json('"hello"') },
      { name: "body is a number", run: json("12345") },
      {
        name: "every field a wrong type",
        run: () => send(op, path).send(Object.fromEntries(fields.map((f) => [f, [[1]]]))),
      },
      {
        name: "every field an object",
        run: () => send(op, path).send(Object.fromEntries(fields.map((f) => [f, { $ne: 1 }]))),
      },
      { name: "unknown field beside valid ones", run: () => send(op, path).send({ ...valid, surprise: true }) },
      {
        name: "__proto__ pollution",
        run: json(
          JSON.stringify(valid)
            .replace(/^\{/, '{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}},')
            .replace(/,}$/, "}"),
        ),
      },
    );
    for (const field of fields) {
      for (const value of [
        ...(fieldValues[field] ?? []),
        ...(bodyFilters.includes(key) ? (filterValues[field] ?? []) : []),
      ]) {
        cases.push({
          name: `${field} = ${JSON.stringify(value).slice(0, 30)}`,
          run: () => send(op, path).send({ ...valid, [field]: value }),
          field,
        });
      }
    }
  }
  if (["post", "put", "patch"].includes(op.method)) cases.push(...unsafeJsonCases(op, path));
  if (filterRoutes.includes(`${op.method} ${op.path}`)) {
    const body = JSON.stringify({ ...validBodies[`${op.method} ${op.path}`]?.(), filter: null });
    for (const [name, raw] of Object.entries(hostileFilters))
      cases.push({ name: `filter: ${name}`, run: json(body.replace('"filter":null', `"filter":${raw}`)) });
  }
  const reserved = reservedNamespace[`${op.method} ${op.path}`];
  if (reserved)
    cases.push({
      name: "Herald's reserved herald.* namespace",
      run: () =>
        send(op, fillPath(op, reserved.params)).send({
          ...validBodies[`${op.method} ${op.path}`]?.(),
          ...reserved.body,
        }),
    });
  return cases;
}

/** The valid body as raw JSON with `field` set to `raw` (raw, as a deep value would overflow JSON.stringify here too). */
function withRawField(op: OperationSpec, field: string, raw: string): string {
  const valid = { ...validBodies[`${op.method} ${op.path}`]?.(), [field]: null };
  return JSON.stringify(valid).replace(`${JSON.stringify(field)}:null`, `${JSON.stringify(field)}:${raw}`);
}

/**
 * Every JSON route, every field of its body: nesting past the 64-level limit (objects and arrays;
 * 65 levels, and thousands, which once overflowed JSON.stringify into a 500) and lone surrogates
 * (in a value and in a key, which Postgres refuses as invalid JSON), each a 400 naming where.
 */
function unsafeJsonCases(op: OperationSpec, path: string): Hostile[] {
  const json = (raw: string) => () => send(op, path).set("content-type", "application/json").send(raw);
  const fields = op.body ? fieldsOf(op.body) : ["anything"];
  const valid = validBodies[`${op.method} ${op.path}`]?.() ?? {};
  const cases: Hostile[] = [
    {
      name: "lone surrogate in a top-level key",
      run: () => send(op, path).send({ "\ud800": 1, ...valid }),
      field: "\\ud800",
    },
  ];
  for (const field of fields) {
    cases.push(
      // The field's value is level 2; its 64th level below is the 65th.
      {
        name: `${field}: 65 levels of objects`,
        run: json(withRawField(op, field, `${'{"d":'.repeat(64)}1${"}".repeat(64)}`)),
        field: `${field}${".d".repeat(63)}`,
      },
      {
        name: `${field}: 65 levels of arrays`,
        run: json(withRawField(op, field, `${"[".repeat(64)}${"]".repeat(64)}`)),
        field: `${field}${".0".repeat(63)}`,
      },
      // As many levels as the 16 KB body limit takes.
      {
        name: `${field}: 2,900 levels of objects`,
        run: json(withRawField(op, field, `${'{"":'.repeat(2900)}1${"}".repeat(2900)}`)),
      },
      {
        name: `${field}: 7,000 levels of arrays`,
        run: json(withRawField(op, field, `${"[".repeat(7000)}${"]".repeat(7000)}`)),
      },
      {
        name: `${field}: a lone high surrogate`,
        run: () => send(op, path).send({ ...valid, [field]: "\ud800" }),
        field,
      },
      {
        name: `${field}: a lone low surrogate`,
        run: () => send(op, path).send({ ...valid, [field]: "ok\udfff" }),
        field,
      },
      {
        name: `${field}: surrogates reversed`,
        run: () => send(op, path).send({ ...valid, [field]: "\udc00\ud800" }),
        field,
      },
      {
        name: `${field}: a lone surrogate deep in a value`,
        run: () => send(op, path).send({ ...valid, [field]: { a: [1, { x: "\ud83d" }] } }),
        field: `${field}.a.1.x`,
      },
      {
        name: `${field}: a lone surrogate in a key`,
        run: () => send(op, path).send({ ...valid, [field]: { "\udc00": "v" } }),
        field: `${field}.\\udc00`,
      },
    );
  }
  for (const field of fields.filter((f) => f === "headers"))
    for (const [name, headers] of Object.entries(unsendableHeaders))
      cases.push({ name: `headers: ${name}`, run: () => send(op, path).send({ ...valid, [field]: headers }) });
  for (const field of fields.filter((f) => f === "branding"))
    for (const [sub, values] of Object.entries(hostileBranding))
      for (const value of values)
        cases.push({
          name: `branding.${sub} = ${JSON.stringify(value).slice(0, 30)}`,
          run: () => send(op, path).send({ ...valid, [field]: { [sub]: value } }),
          field: `${field}.${sub}`,
        });
  return cases;
}

// A portal link's branding reaches the page as text and a colour, and the logo's origin reaches its CSP header.
const hostileBranding: Record<string, unknown[]> = {
  title: ["", "   ", "x".repeat(81), "a\u0000b", "line\nbreak", "\u202eevil", 42, { $ne: 1 }, ["t"]],
  primary_color: [
    "red",
    "#fff",
    "#12345g",
    "#1234567",
    " #123456",
    "#123456;background:url(https://evil.example/x)",
    "rgb(0,0,0)",
    "expression(alert(1))",
    "",
    0x123456,
  ],
  logo_url: [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "http://cdn.example/logo.png",
    "//cdn.example/logo.png",
    "https://user:pw@cdn.example/logo.png",
    "https://a;img-src*.example/x.png",
    "https://cdn'self'.example/x.png",
    "https://[::1]/x.png",
    `https://cdn.example/${"x".repeat(2048)}`,
    "",
    1,
  ],
  dark_mode: ["true", 1, null, {}],
  css: ["body{display:none}"],
};

// Header values no HTTP client can send (Node refuses them at every attempt), wherever headers are taken.
const unsendableHeaders: Record<string, Record<string, string>> = {
  "a control character": { "X-Ctl": "a\u0001b" },
  DEL: { "X-Del": "a\u007fb" },
  "a character outside Latin-1": { "X-Snow": "snow \u2603" },
  "a Trailer header": { Trailer: "X-Checksum" },
};

// A webhook's payload filter, wherever one is taken (raw JSON, so keys like __proto__ arrive as sent).
const filterRoutes = ["post /api/v1/webhooks", "patch /api/v1/webhooks/:id", "post /api/v1/webhooks/:id/filter/test"];
const hostileFilters: Record<string, string> = {
  "$where code": '{"$where": "while(true){}"}',
  "$where as a field operator": '{"data.a": {"$where": "1"}}',
  $regex: '{"data.a": {"$regex": "^(a+)+$"}}',
  $expr: '{"$expr": {"$gt": ["$data.a", 1]}}',
  "string ordering": '{"data.a": {"$gt": "m"}}',
  "deep nesting": '{"$not":'.repeat(200) + '{"event": "a"}' + "}".repeat(200),
  "deep value": '{"data.a": ' + "[".repeat(3000) + "]".repeat(3000) + "}",
  "huge $in": `{"data.a": {"$in": [${Array.from({ length: 1000 }, (_, i) => i).join(",")}]}}`,
  "__proto__ path": '{"__proto__": {"isAdmin": true}}',
  "NUL in a path": '{"data.a\\u0000b": 1}',
  number: "42",
  "empty path segment": '{"data..a": 1}',
};

// Herald's operational events cannot be forged, registered, changed, or mistyped in a subscription.
const reservedNamespace: Record<string, { body?: Record<string, unknown>; params?: Record<string, string> }> = {
  "post /api/v1/events": { body: { type: "herald.endpoint.disabled" } },
  "post /api/v1/event-types": { body: { name: "herald.forged" } },
  "patch /api/v1/event-types/:name": { params: { name: "herald.endpoint.disabled" } },
  "delete /api/v1/event-types/:name": { params: { name: "herald.circuit.opened" } },
  "post /api/v1/webhooks": { body: { events: ["herald.not.a.type"] } },
  "patch /api/v1/webhooks/:id": { body: { events: ["herald.*", "herald.nothing.*"] } },
};

const apiOperations = () => registeredOperations().filter((op) => op.path.startsWith("/api/v1/"));

describe("hostile input on every route", () => {
  it("covers the management routes and has a valid sample for each body", () => {
    const keys = apiOperations().map((op) => `${op.method} ${op.path}`);
    expect(keys.length).toBeGreaterThanOrEqual(25);
    for (const op of apiOperations())
      if (op.body) expect(Object.keys(validBodies)).toContain(`${op.method} ${op.path}`);
  });

  it("answers every hostile input with a 4xx and the error body", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of apiOperations()) {
      for (const c of hostileCases(op)) {
        const res = await c.run();
        checked++;
        const named = !c.field || (res.body?.error?.details ?? []).some((d: { field?: string }) => d.field === c.field);
        const ok =
          res.status >= 400 &&
          res.status < 500 &&
          typeof res.body?.error?.code === "string" &&
          typeof res.body.error.message === "string" &&
          named;
        if (!ok)
          failures.push(
            `${op.method.toUpperCase()} ${op.path} [${c.name}] → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(250);
  });

  it("answers an oversized body with 413 payload_too_large", async () => {
    const res = await request(t.app)
      .post("/api/v1/webhooks")
      .set("authorization", t.admin)
      .send({ url: "https://127.0.0.1/x", events: ["a"], description: "x".repeat(32 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("left the real resources untouched", async () => {
    const hook = await request(t.app).get(`/api/v1/webhooks/${ids.webhook}`).set("authorization", t.admin);
    expect(hook.body).toMatchObject({ url: "https://127.0.0.1:9/hook", enabled: true });
    expect(await t.deps.db.webhook.count()).toBe(1);
    expect(await t.deps.db.tenant.count()).toBe(1);
  });
});
