import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Issue 21, item 7: a client-chosen event id is unique within its tenant (or
// among global events), not across tenants. The same id in two tenants is two
// events, each delivered with that id; a repeat within a tenant answers like
// the first publish; and no answer tells one tenant what ids another used.
let t: TestApp;
let receiver: Receiver;
let worker: HeraldProcess | undefined;
let a: TenantWithKey;
let b: TenantWithKey;

beforeAll(async () => {
  t = await createTestApp("event-ids");
  receiver = await startReceiver();
  a = await createTenantWithKey(t, "tenant-a");
  b = await createTenantWithKey(t, "tenant-b");
  await createWebhook(t, a.auth, { url: `${receiver.url}/a`, events: ["*"] });
  await createWebhook(t, b.auth, { url: `${receiver.url}/b1`, events: ["*"] });
  await createWebhook(t, b.auth, { url: `${receiver.url}/b2`, events: ["*"] });
});
afterAll(async () => {
  await worker?.stop();
  await receiver.close();
  await t.close();
});

const publish = (auth: string, body: object) =>
  request(t.app).post("/api/v1/events").set("authorization", auth).send(body);
const get = (auth: string, path: string) => request(t.app).get(`/api/v1${path}`).set("authorization", auth);

describe("the same id in two tenants", () => {
  it("is two events, each answered with its own deliveries and delivered with that id", async () => {
    const [fromA, fromB] = await Promise.all([
      publish(a.auth, { id: "shared-id-1", type: "order.created", data: { from: "a" } }),
      publish(b.auth, { id: "shared-id-1", type: "order.created", data: { from: "b" } }),
    ]);
    expect([fromA.status, fromA.body, fromA.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "shared-id-1", deliveries: 1 },
      undefined,
    ]);
    expect([fromB.status, fromB.body, fromB.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "shared-id-1", deliveries: 2 },
      undefined,
    ]);

    worker = await spawnHerald("worker", workerEnvFor(t));
    const received = await eventually(() => receiver.requests.length >= 3 && receiver.requests, {
      what: "three deliveries",
    });
    const envelopes = received
      .map((r) => [r.path, JSON.parse(r.body)] as const)
      .sort(([p], [q]) => p.localeCompare(q))
      .map(([path, e]) => [path, e.id, e.tenant_id, e.data]);
    expect(envelopes).toEqual([
      ["/a", "shared-id-1", a.id, { from: "a" }],
      ["/b1", "shared-id-1", b.id, { from: "b" }],
      ["/b2", "shared-id-1", b.id, { from: "b" }],
    ]);

    const ofA = await get(a.auth, "/events/shared-id-1");
    expect(ofA.body).toMatchObject({ id: "shared-id-1", tenant_id: a.id, data: { from: "a" } });
    expect(ofA.body.deliveries.map((d: { event_id: string }) => d.event_id)).toEqual(["shared-id-1"]);
    const ofB = await get(b.auth, "/events/shared-id-1");
    expect(ofB.body).toMatchObject({ id: "shared-id-1", tenant_id: b.id, data: { from: "b" } });
    expect(ofB.body.deliveries.map((d: { event_id: string }) => d.event_id)).toEqual(["shared-id-1", "shared-id-1"]);
    const delivery = await get(a.auth, `/deliveries/${ofA.body.deliveries[0].id}`);
    expect(delivery.body).toMatchObject({ event_id: "shared-id-1", tenant_id: a.id, status: "success" });
  });

  it("repeated within a tenant answers like the first publish and stores nothing (positive control)", async () => {
    const again = await publish(a.auth, { id: "shared-id-1", type: "order.created", data: { from: "a" } });
    expect([again.status, again.body, again.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "shared-id-1", deliveries: 1 },
      "true",
    ]);
    // With a different body it is another event: refused, not dropped unsaid (issue 23).
    const changed = await publish(a.auth, { id: "shared-id-1", type: "order.created", data: { from: "a, again" } });
    expect([changed.status, changed.body.error.details[0].field]).toEqual([409, "id"]);
    const listed = await get(a.auth, "/events?type=order.created");
    expect(listed.body.map((e: { id: string; data: unknown }) => [e.id, e.data])).toEqual([
      ["shared-id-1", { from: "a" }],
    ]);
  });
});

describe("what one tenant can learn of another's ids", () => {
  it("nothing: an id A used answers B exactly like an id nobody used", async () => {
    await publish(a.auth, { id: "a-only-id-7", type: "order.created", data: {} }).expect(202);
    // An event of A from before the replay window (24 h): still A's id, not B's business.
    await t.deps.db.$executeRawUnsafe(
      `INSERT INTO events (id, tenant_id, type, data, created_at) VALUES ('a-old-id-8', $1::uuid, 'order.created', '{}', now() - interval '2 days')`,
      a.id,
    );
    for (const id of ["a-only-id-7", "a-old-id-8", "never-used-id-9"]) {
      const looked = await get(b.auth, `/events/${id}`);
      expect([looked.status, looked.body.error?.message]).toEqual([404, "event not found"]);
    }
    for (const id of ["a-only-id-7", "a-old-id-8", "never-used-id-9"]) {
      const res = await publish(b.auth, { id, type: "order.created", data: { from: "b" } });
      expect([res.status, res.body, res.headers["idempotent-replayed"]]).toEqual([
        202,
        { id, deliveries: 2 },
        undefined,
      ]);
    }
    // A's ids stay A's: a repeat is a replay, an expired one a conflict (positive controls).
    const replay = await publish(a.auth, { id: "a-only-id-7", type: "order.created", data: {} });
    expect([replay.status, replay.headers["idempotent-replayed"]]).toEqual([202, "true"]);
    const expired = await publish(a.auth, { id: "a-old-id-8", type: "order.created", data: {} });
    expect([expired.status, expired.body.error.details]).toEqual([
      409,
      [{ field: "id", message: "id: is already used by another event" }],
    ]);
  });
});

describe("global events and admin lookups", () => {
  it("global events are a scope of their own; an id used in more than one needs tenant_id", async () => {
    const global = await publish(t.admin, { id: "shared-id-1", type: "order.created", data: { from: "global" } });
    expect([global.status, global.body, global.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "shared-id-1", deliveries: 0 },
      undefined,
    ]);
    const again = await publish(t.admin, { id: "shared-id-1", type: "order.created", data: { from: "global" } });
    expect([again.status, again.body, again.headers["idempotent-replayed"]]).toEqual([
      202,
      { id: "shared-id-1", deliveries: 0 },
      "true",
    ]);

    const ambiguous = await get(t.admin, "/events/shared-id-1");
    expect([ambiguous.status, ambiguous.body.error.details]).toEqual([
      409,
      [
        {
          field: "tenant_id",
          message: "tenant_id: events of more than one tenant have this id; name the tenant (or global)",
        },
      ],
    ]);
    expect((await get(t.admin, `/events/shared-id-1?tenant_id=${a.id}`)).body.data).toEqual({ from: "a" });
    expect((await get(t.admin, `/events/shared-id-1?tenant_id=${b.id}`)).body.data).toEqual({ from: "b" });
    const ofGlobal = await get(t.admin, "/events/shared-id-1?tenant_id=global");
    expect([ofGlobal.body.tenant_id, ofGlobal.body.data]).toEqual([null, { from: "global" }]);
    // An id used once needs no tenant_id.
    expect((await get(t.admin, "/events/never-used-id-9")).body).toMatchObject({ tenant_id: b.id });

    // A tenant key names only its own tenant.
    expect((await get(a.auth, `/events/shared-id-1?tenant_id=${a.id}`)).body.data).toEqual({ from: "a" });
    expect((await get(a.auth, `/events/shared-id-1?tenant_id=${b.id}`)).status).toBe(404);
    expect((await get(a.auth, "/events/shared-id-1?tenant_id=global")).status).toBe(404);
    const bad = await get(t.admin, "/events/shared-id-1?tenant_id=nope");
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, "tenant_id"]);
  });
});
