import { buildEnvelope } from "@herald/delivery";
import fc from "fast-check";
import sift from "sift";
import request from "supertest";
import { createTenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Filters deliver exactly the matching events: generated filters on real
// webhooks, generated events published through the API, and the delivery
// rows Postgres created compared with what sift (a maintained MongoDB-style
// matcher) says of the same filter and the delivered envelope. The filter
// test endpoint must say the same for every pair. The generated documents
// keep to where docs/payload-filters.md says Herald and MongoDB agree: arrays hold
// scalars only (a path does not fan out across arrays of objects in Herald),
// and keys are plain names (no array indexes, no `length`); no path goes
// through an empty array (missing in Herald, so it equals null; in sift and
// MongoDB it leads to no value at all, which nothing equals; the property
// test found it).
//
// sift's own deep equality takes a null property for a missing one inside
// objects (`{"a": null}` equals `{"c": "x"}`: the property test found it);
// MongoDB and Herald compare objects exactly, so the reference is sift with
// exact JSON equality (a missing field itself still equals null).
const NUM_RUNS = Number(process.env.HERALD_PROPERTY_RUNS ?? 40);
const WEBHOOKS_PER_RUN = 4;
const EVENTS_PER_RUN = 6;

let t: TestApp;
let tenantId: string;
beforeAll(async () => {
  t = await createTestApp("filter-props");
  tenantId = (await createTenantWithKey(t, "filter-props")).id;
});
afterAll(() => t.close());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Filter = Record<string, unknown>;

const PATHS = ["data.a", "data.b", "data.a.b", "data.c.a", "data", "data.zz", "event", "tenant_id", "id", "created_at"];

function throughEmptyArray(data: unknown, segments: string[]): boolean {
  let value = data;
  for (const segment of segments) {
    value =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)[segment]
        : undefined;
    if (Array.isArray(value) && value.length === 0) return true;
  }
  return false;
}

function arbitraries(tenant: string) {
  const key = fc.constantFrom("a", "b", "c");
  const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5));
  const scalar: fc.Arbitrary<Json> = fc.oneof(
    number,
    fc.constantFrom("x", "y", "", "f.x", tenant),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 2, withCrossShrink: true },
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(key, tie("value"), { maxKeys: 3 }),
    ),
  }));
  const event = fc
    .record({
      type: fc.constantFrom("f.x", "f.y"),
      tenant_id: fc.constantFrom(null, tenant),
      data: fc.dictionary(key, value, { maxKeys: 3 }),
    })
    .filter((e) => !PATHS.some((p) => throughEmptyArray(e.data, p.split(".").slice(1, -1))));

  const path = fc.constantFrom(...PATHS);
  const operators = fc
    .record(
      {
        $eq: value,
        $ne: value,
        $in: fc.array(value, { maxLength: 3 }),
        $nin: fc.array(value, { maxLength: 3 }),
        $gt: number,
        $gte: number,
        $lt: number,
        $lte: number,
        $exists: fc.boolean(),
      },
      { requiredKeys: [] },
    )
    .filter((ops) => Object.keys(ops).length > 0);
  const condition = fc.oneof(
    value,
    operators,
    operators.map((ops) => ({ $not: ops })),
  );
  const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
    filter: fc.oneof(
      { maxDepth: 3, withCrossShrink: true },
      fc.dictionary(path, condition, { maxKeys: 3 }),
      fc.record({ $or: fc.array(tie("filter"), { minLength: 1, maxLength: 3 }) }),
      fc.record({ $and: fc.array(tie("filter"), { minLength: 1, maxLength: 3 }), "data.a": condition }),
      fc.record({ $not: tie("filter") }),
    ),
  }));
  // As JSON (what travels through the API): fast-check also makes objects without a prototype, which sift cannot read.
  const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  return { event: event.map(asJson), filter: filter.map(asJson) };
}

const api = (path: string) => `/api/v1${path}`;

function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (typeof a !== "object" || typeof b !== "object") return false;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && jsonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
const reference = (filter: Filter) => sift(filter, { compare: jsonEquals });

it("delivers exactly the events sift says match, and the filter test endpoint agrees", async () => {
  const { event, filter } = arbitraries(tenantId);
  await fc.assert(
    fc.asyncProperty(
      fc.array(filter, { minLength: WEBHOOKS_PER_RUN, maxLength: WEBHOOKS_PER_RUN }),
      fc.array(event, { minLength: EVENTS_PER_RUN, maxLength: EVENTS_PER_RUN }),
      async (filters, events) => {
        const hooks: Array<{ id: string; filter: Filter }> = [];
        try {
          for (const f of filters) {
            const res = await request(t.app)
              .post(api("/webhooks"))
              .set("authorization", t.admin)
              .send({ url: "https://127.0.0.1:9/hook", events: ["f.*"], filter: f });
            if (res.status !== 201)
              throw new Error(`create refused ${JSON.stringify(f)}: ${res.status} ${JSON.stringify(res.body)}`);
            hooks.push({ id: res.body.id, filter: f });
          }
          const published: string[] = [];
          for (const e of events) {
            const res = await request(t.app).post(api("/events")).set("authorization", t.admin).send(e);
            if (res.status !== 202) throw new Error(`publish refused: ${res.status} ${JSON.stringify(res.body)}`);
            published.push(res.body.id);
          }
          const rows = await t.deps.db.event.findMany({ where: { id: { in: published } } });
          const deliveries = await t.deps.db.delivery.findMany({ where: { eventId: { in: published } } });
          const actual = new Set(deliveries.map((d) => `${d.eventId} ${d.webhookId}`));
          const expected = new Set<string>();
          const mismatches: string[] = [];
          for (const row of rows) {
            const envelope = JSON.parse(
              buildEnvelope({
                id: row.id,
                type: row.type,
                createdAt: row.createdAt,
                tenantId: row.tenantId,
                data: row.data,
              }),
            );
            const payload = { type: row.type, data: row.data, tenant_id: row.tenantId, id: row.id };
            for (const hook of hooks) {
              const matches = reference(hook.filter)(envelope);
              if (matches) expected.add(`${row.id} ${hook.id}`);
              const tested = await request(t.app)
                .post(api(`/webhooks/${hook.id}/filter/test`))
                .set("authorization", t.admin)
                .send({ payload });
              if (tested.status !== 200 || tested.body.matches !== matches)
                mismatches.push(
                  `filter/test ${JSON.stringify(hook.filter)} on ${JSON.stringify(envelope)}: ${tested.status} ${JSON.stringify(tested.body)}, sift ${matches}`,
                );
              if (actual.has(`${row.id} ${hook.id}`) !== matches)
                mismatches.push(
                  `fan-out ${JSON.stringify(hook.filter)} on ${JSON.stringify(envelope)}: delivered ${!matches}, sift ${matches}`,
                );
            }
          }
          expect(mismatches).toEqual([]);
          expect(actual).toEqual(expected);
        } finally {
          // Each run's webhooks go, so the next run's events meet only its own.
          for (const hook of hooks)
            await request(t.app)
              .delete(api(`/webhooks/${hook.id}`))
              .set("authorization", t.admin)
              .expect(204);
        }
      },
    ),
    { numRuns: NUM_RUNS },
  );
}, 600_000);

it("generates filters that match and filters that do not (the property is not vacuous)", () => {
  const { event, filter } = arbitraries("00000000-0000-7000-8000-000000000000");
  const pairs = fc.sample(fc.tuple(filter, event), { numRuns: 2000, seed: 42 });
  const outcomes = pairs.map(([f, e]) =>
    reference(f)(
      JSON.parse(buildEnvelope({ id: "e", type: e.type, createdAt: new Date(0), tenantId: e.tenant_id, data: e.data })),
    ),
  );
  const share = outcomes.filter(Boolean).length / outcomes.length;
  expect(share).toBeGreaterThan(0.15);
  expect(share).toBeLessThan(0.85);
});
