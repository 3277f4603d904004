import fc from "fast-check";
import request from "supertest";
import { registeredOperations, type OperationSpec } from "../src/openapi/registry.ts";
import { createTenantWithKey, createWebhook } from "./helpers/fixtures.ts";
import { snapshotTables } from "./helpers/table-snapshot.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Property-based: thousands of generated bodies, query strings, path values
// and headers at every registered route. Never a 5xx, never a hang, every
// 4xx carries the error body, and a refused write leaves every table as it
// was. (zod-fast-check supports zod 3 only, so the arbitraries are written
// here, around each route's valid sample.)
const NUM_RUNS = Number(process.env.HERALD_PROPERTY_RUNS ?? 150);
// Built at import: the routes register themselves when the app is created, and it.each needs them.
const t: TestApp = await createTestApp("properties", { bodyLimit: "32kb" });
const real: Record<string, string> = {};

beforeAll(async () => {
  const tenant = await createTenantWithKey(t, "props");
  real.tenant = tenant.id;
  real.webhook = (await createWebhook(t, t.admin, { tenant_id: tenant.id })).id;
  real.apiKey = (await t.deps.db.apiKey.findFirstOrThrow()).id;
  real.audit = (await t.deps.db.auditLog.findFirstOrThrow()).id;
});
afterAll(() => t.close());

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});
const nasty = fc.constantFrom(
  "",
  " ",
  "0",
  "-1",
  "1e999",
  "NaN",
  "null",
  "true",
  "[]",
  "{}",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "\u202e",
  "𝕏".repeat(40),
  "x".repeat(5000),
  "0190f2f4-0000-7000-8000-000000000000",
);
const anyString = fc.oneof(fc.string({ maxLength: 200 }), nasty, printable);
const json = fc.jsonValue({ maxDepth: 3 });

/** Mutations of the route's valid body: fields replaced, dropped or added, or something else entirely. */
function bodyArbitrary(valid: Record<string, unknown>) {
  const keys = [
    ...Object.keys(valid),
    "tenant_id",
    "id",
    "secret",
    "url",
    "events",
    "data",
    "__proto__",
    "constructor",
  ];
  const mutated = fc
    .dictionary(fc.constantFrom(...keys), fc.oneof(json, anyString), { maxKeys: 6 })
    .map((over) => ({ ...valid, ...over }));
  return fc.oneof(mutated, json, fc.dictionary(anyString, json, { maxKeys: 5 }), anyString, unsafeJson(valid));
}

/**
 * Raw JSON bodies (sent as written) that Herald refuses wherever they arrive: nesting 65 levels deep
 * and, once 500s, 5,000 levels of objects or 10,000 of arrays; lone surrogates in values and keys.
 * Each sits in one field of the valid body, or in a field that stores JSON as given.
 */
function unsafeJson(valid: Record<string, unknown>) {
  const values = [
    `${'{"a":'.repeat(65)}1${"}".repeat(65)}`,
    `${"[".repeat(65)}${"]".repeat(65)}`,
    `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`,
    `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    '"\\ud800"',
    '{"x":"tail \\udfff"}',
    '{"\\ud800":"v"}',
    '[{"x":"\\udc00\\ud800"}]',
  ];
  const fields = [...new Set([...Object.keys(valid), "data", "metadata", "schema", "payload", "filter", "headers"])];
  const bodies = fields.flatMap((field) =>
    values.map((raw) => JSON.stringify({ ...valid, [field]: null }).replace(`"${field}":null`, `"${field}":${raw}`)),
  );
  return fc.constantFrom('{"type":"a.b","data":{"x":"\\ud800"}}', ...bodies);
}

const queryArbitrary = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom("limit", "cursor", "tenant_id", "status", "action", "from", "to", "include_revoked", "actor_id"),
      anyString,
    ),
    anyString,
  ),
  { maxLength: 4 },
);
const contentEncoding = fc.option(fc.constantFrom("gzip", "deflate", "br", "identity", "x-unknown", "gzip, gzip"), {
  nil: undefined,
});
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/merge-patch+json",
  "application/json; charset=utf-16",
  "multipart/form-data; boundary=x",
);

function paramArbitrary(name: string) {
  const realValue = name === "name" ? "props.type" : name === "purpose" ? "p" : real.webhook!;
  return fc.oneof(fc.constant(realValue), fc.constant(real.tenant!), anyString);
}

const validBody: Record<string, Record<string, unknown>> = {
  "post /api/v1/webhooks": { url: "https://127.0.0.1/x", events: ["a.b"] },
  "post /api/v1/tenants": { name: "x" },
  "post /api/v1/api-keys": { name: "x", admin: true },
  "post /api/v1/events": { type: "a.b", data: {} },
  "post /api/v1/event-types": { name: "n.t" },
  "post /api/v1/tenants/:id/consent": { purpose: "p" },
  "post /api/v1/maintenance/rotate-encryption-key": { old_key: "o".repeat(20), new_key: "n".repeat(20) },
  "post /api/v1/webhooks/:id/test": { event: "ping" },
  "post /api/v1/webhooks/:id/filter/test": { payload: { type: "a.b", data: {} } },
};

function caseArbitrary(op: OperationSpec) {
  const params = (op.path.match(/:(\w+)/g) ?? []).map((p) => p.slice(1));
  return fc.record({
    params: fc.tuple(...params.map(paramArbitrary)),
    query: queryArbitrary,
    body: bodyArbitrary(validBody[`${op.method} ${op.path}`] ?? {}),
    contentType,
    contentEncoding,
    idempotencyKey: fc.option(printable, { nil: undefined }),
  });
}

type Case = ReturnType<typeof caseArbitrary> extends fc.Arbitrary<infer C> ? C : never;

function send(op: OperationSpec, c: Case) {
  let i = 0;
  const path = op.path.replace(/:(\w+)/g, () => encodeURIComponent(c.params[i++] ?? "x"));
  const query = new URLSearchParams(c.query).toString();
  let req = request(t.app)
    [op.method](query ? `${path}?${query}` : path)
    .set("authorization", t.admin)
    .timeout({ response: 5000, deadline: 8000 });
  if (c.idempotencyKey !== undefined) req = req.set("idempotency-key", c.idempotencyKey);
  if (op.method === "get" || op.method === "delete") return req;
  // A declared encoding the body does not have: the parser must refuse it, not crash.
  if (c.contentEncoding !== undefined) req = req.set("content-encoding", c.contentEncoding);
  return req.set("content-type", c.contentType).send(typeof c.body === "string" ? c.body : JSON.stringify(c.body));
}

const mutates = (op: OperationSpec) => op.method !== "get";
const operations = registeredOperations().filter(
  (op) => op.path.startsWith("/api/v1/") && !op.path.endsWith("/purge-expired"),
);

describe("generated hostile requests", () => {
  it("cover every registered route", () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s: no 5xx, no hang, a refused write changes nothing",
    async (_name, op) => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(caseArbitrary(op), async (c) => {
          const before = mutates(op) ? await snapshotTables(t.deps.db) : null;
          const res = await send(op, c);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(typeof res.body?.error?.code).toBe("string");
            if (before) expect(await snapshotTables(t.deps.db)).toEqual(before);
          }
        }),
        { numRuns: NUM_RUNS },
      );
      // The generators reach the validation layer, not just the router's 404.
      if (op.params || op.query || mutates(op))
        expect([...statuses.keys()].some((s) => s === 400 || s === 413 || s === 415 || s === 422)).toBe(true);
    },
  );
});
