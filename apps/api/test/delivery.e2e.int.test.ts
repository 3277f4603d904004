import { randomBytes } from "node:crypto";
import request from "supertest";
import { Webhook } from "standardwebhooks";
import { eventually, type HeraldProcess, type ReceivedRequest, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// End to end: the API publishes, a real worker process delivers to a real
// receiver on loopback. Retry schedule 1 s, then 4 s (3 attempts; unequal, so
// the spacing of each step shows at the receiver); timeout 1 s.
let t: TestApp;
let worker: HeraldProcess;
let receiver: Receiver;
const failing = new Set<string>();
const secret = "whsec_" + randomBytes(24).toString("base64");

beforeAll(async () => {
  t = await createTestApp("e2e");
  receiver = await startReceiver((req) => {
    if (req.path.startsWith("/slow")) return { delayMs: 1500 };
    if ([...failing].some((p) => req.path.startsWith(p))) return { status: 500, body: "receiver is down" };
    return undefined;
  });
  worker = await spawnHerald("worker", workerEnvFor(t, { HERALD_RETRY_SCHEDULE: "1,4" }));
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await t?.close();
});

const hook = (path: string, over: Partial<Parameters<typeof createWebhook>[1]> = {}) =>
  createWebhook(t.deps.db, { url: `${receiver.url}${path}`, secret, encryptionKey: t.deps.config.encryptionKey, ...over });
const publish = (body: object, auth = t.admin) => request(t.app).post("/api/v1/events").set("authorization", auth).send(body);
const at = (path: string) => receiver.requests.filter((r) => r.path === path);
const headersOf = (r: ReceivedRequest) => r.headers as Record<string, string>;
async function deliveryOf(eventId: string, auth = t.admin) {
  const res = await request(t.app).get(`/api/v1/events/${eventId}`).set("authorization", auth);
  return res.body.deliveries as Array<{ id: string; status: string; webhook_id: string; attempt_count: number }>;
}
const settled = (eventId: string, status: string, auth = t.admin) =>
  eventually(async () => ((await deliveryOf(eventId, auth)).every((d) => d.status === status) ? true : undefined), { what: `deliveries ${status}` });

describe("publish → worker → signed POST", () => {
  it("delivers an event once per matching webhook, verifiable with standardwebhooks", async () => {
    const tenant = await createTenant(t.deps.db);
    const other = await createTenant(t.deps.db, "other");
    const chosen = "my-chosen-secret-1";
    await hook("/exact", { events: ["invoice.updated"] });
    await hook("/service", { events: ["invoice.*"], tenantId: tenant.id, secret: chosen });
    await hook("/all", { events: ["*"], tenantId: tenant.id, headers: { "x-customer": "acme" } });
    await hook("/orders", { events: ["order.*"], tenantId: tenant.id });
    await hook("/disabled", { events: ["*"], tenantId: tenant.id, enabled: false });
    await hook("/deleted", { events: ["*"], tenantId: tenant.id, deletedAt: new Date() });
    await hook("/other-tenant", { events: ["*"], tenantId: other.id });

    const res = await publish({ type: "invoice.updated", tenant_id: tenant.id, data: { invoice: "inv_1", total: 12.5 } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), deliveries: 3 });
    await settled(res.body.id, "success");

    const received = receiver.requests.filter((r) => JSON.parse(r.body).id === res.body.id);
    expect(received.map((r) => r.path).sort()).toEqual(["/all", "/exact", "/service"]);
    for (const r of received) {
      const verifier = r.path === "/service" ? new Webhook(chosen, { format: "raw" }) : new Webhook(secret);
      expect(verifier.verify(r.body, headersOf(r))).toEqual({ id: res.body.id, event: "invoice.updated", created_at: expect.any(String), tenant_id: tenant.id, data: { invoice: "inv_1", total: 12.5 } });
      expect(headersOf(r)).toMatchObject({ "x-webhook-event": "invoice.updated", "x-webhook-attempt": "1", "content-type": "application/json" });
      expect(headersOf(r)["user-agent"]).toMatch(/^Herald\//);
    }
    expect(headersOf(at("/all")[0]!)["x-customer"]).toBe("acme");
    // webhook-id is the delivery id: one per endpoint, shown by the API.
    const deliveries = await deliveryOf(res.body.id);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set(deliveries.map((d) => d.id)));
    const detail = await request(t.app).get(`/api/v1/deliveries/${deliveries[0]!.id}`).set("authorization", t.admin);
    expect(detail.body).toMatchObject({ status: "success", attempt_count: 1, attempts: [{ attempt_number: 1, status_code: 200, error: null, response_body: "ok" }] });
    expect(detail.body.attempts[0].duration_ms).toEqual(expect.any(Number));
  });

  it("retries a failing endpoint exactly 1 + len(schedule) times with a stable webhook-id, then lists it as failed", async () => {
    failing.add("/down");
    const webhook = await hook("/down", { events: ["payment.failed"] });
    const res = await publish({ type: "payment.failed", data: { payment: "p_1" } });
    expect(res.body.deliveries).toBe(1);
    await settled(res.body.id, "failed");
    const [delivery] = await deliveryOf(res.body.id);

    const attempts = at("/down");
    expect(attempts).toHaveLength(3);
    expect(attempts.map((r) => r.headers["webhook-id"])).toEqual([delivery!.id, delivery!.id, delivery!.id]);
    expect(attempts.map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2", "3"]);
    for (const r of attempts) expect(new Webhook(secret).verify(r.body, headersOf(r))).toBeTruthy();
    // Spaced by the schedule's steps in order, ±10 % jitter: the receiver's own
    // clock, and a retry cannot come early, so the lower bounds are exact; the
    // first gap stays below the second step's least wait (3.6 s), which a late
    // worker cannot reach by accident but a wrong step (4 s first) does.
    const [first, second] = [attempts[1]!.receivedAt - attempts[0]!.receivedAt, attempts[2]!.receivedAt - attempts[1]!.receivedAt];
    expect(first).toBeGreaterThanOrEqual(900);
    expect(first).toBeLessThan(3600);
    expect(second).toBeGreaterThanOrEqual(3600);
    // Signed when sent: each retry carries its own timestamp.
    expect(Number(attempts[2]!.headers["webhook-timestamp"])).toBeGreaterThan(Number(attempts[0]!.headers["webhook-timestamp"]));

    const detail = await request(t.app).get(`/api/v1/deliveries/${delivery!.id}`).set("authorization", t.admin);
    expect(detail.body).toMatchObject({ status: "failed", attempt_count: 3, last_status_code: 500, last_error: "HTTP 500", next_attempt_at: null });
    expect(detail.body.attempts.map((a: { status_code: number; response_body: string }) => [a.status_code, a.response_body])).toEqual([
      [500, "receiver is down"],
      [500, "receiver is down"],
      [500, "receiver is down"],
    ]);
    const failed = await request(t.app).get("/api/v1/webhooks/deliveries/failed?limit=500").set("authorization", t.admin);
    expect(failed.status).toBe(200);
    expect(failed.body.find((d: { id: string }) => d.id === delivery!.id)).toMatchObject({
      status: "failed",
      webhook: { id: webhook.id, url: webhook.url },
      event: { id: res.body.id, type: "payment.failed", data: { payment: "p_1" } },
    });
    const stats = await request(t.app).get("/api/v1/webhooks/deliveries/stats").set("authorization", t.admin);
    expect(stats.body.failed).toBeGreaterThanOrEqual(1);
  });

  it("delivers failed deliveries after the receiver recovers: retry one, then retry-all", async () => {
    const tenant = await createTenant(t.deps.db, "flaky");
    const key = await createTenantKey(t.deps.db, tenant.id);
    failing.add("/flaky");
    await hook("/flaky", { events: ["job.done"], tenantId: tenant.id });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await publish({ type: "job.done", data: { n: i } }, key)).body.id as string);
    for (const id of ids) await settled(id, "failed", key);
    failing.delete("/flaky");

    const [first] = await deliveryOf(ids[0]!, key);
    const one = await request(t.app).post(`/api/v1/webhooks/deliveries/${first!.id}/retry`).set("authorization", key);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ success: true });
    await settled(ids[0]!, "success", key);
    expect((await deliveryOf(ids[0]!, key))[0]!.attempt_count).toBe(1);

    const all = await request(t.app).post("/api/v1/webhooks/deliveries/retry-all").set("authorization", key);
    expect(all.body).toEqual({ retried: 2 });
    for (const id of ids) await settled(id, "success", key);
    const stats = await request(t.app).get("/api/v1/webhooks/deliveries/stats").set("authorization", key);
    expect(stats.body).toEqual({ total: 3, pending: 0, success: 3, failed: 0, cancelled: 0 });
    const audit = await t.deps.db.auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["delivery.retried", "delivery.retried_all"]);
    // 3 failed attempts each, then one successful one.
    expect(at("/flaky").filter((r) => r.headers["webhook-id"] === first!.id)).toHaveLength(4);
  });

  it("counts a receiver slower than the timeout as a failed attempt", async () => {
    await hook("/slow", { events: ["report.ready"] });
    const res = await publish({ type: "report.ready", data: {} });
    const [delivery] = await deliveryOf(res.body.id);
    const detail = await eventually(async () => {
      const r = await request(t.app).get(`/api/v1/deliveries/${delivery!.id}`).set("authorization", t.admin);
      return r.body.attempts.length > 0 ? r.body : undefined;
    });
    expect(detail.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/timeout/) });
    expect(detail.status).toBe("pending");
    expect(detail.attempt_count).toBe(1);
  });

  it("publishes idempotently: a repeated key or id answers like the first and is delivered once", async () => {
    await hook("/idem", { events: ["user.created"] });
    const first = await publish({ type: "user.created", data: { user: 1 } }).set("idempotency-key", "create-user-1");
    const again = await publish({ type: "user.created", data: { user: 1 } }).set("idempotency-key", "create-user-1");
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const byId = await publish({ type: "user.created", id: "evt_user_2", data: { user: 2 } });
    const byIdAgain = await publish({ type: "user.created", id: "evt_user_2", data: { user: 2 } });
    expect(byIdAgain.body).toEqual({ id: "evt_user_2", deliveries: 1 });
    expect(byId.body).toEqual(byIdAgain.body);
    await settled(first.body.id, "success");
    await settled("evt_user_2", "success");
    expect(await t.deps.db.event.count({ where: { type: "user.created" } })).toBe(2);
    expect(at("/idem").map((r) => JSON.parse(r.body).id).sort()).toEqual([first.body.id, "evt_user_2"].sort());
  });

  it("sends a signed test event through the same code, synchronously, without recording a delivery", async () => {
    const ok = await hook("/ping", { events: ["invoice.updated"] });
    failing.add("/ping-down");
    const down = await hook("/ping-down", { events: ["invoice.updated"] });
    const before = await request(t.app).get("/api/v1/webhooks/deliveries/stats").set("authorization", t.admin);

    const res = await request(t.app).post(`/api/v1/webhooks/${ok.id}/test`).set("authorization", t.admin).send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, response_code: 200, duration_ms: expect.any(Number) });
    const [ping] = at("/ping");
    expect(new Webhook(secret).verify(ping!.body, headersOf(ping!))).toMatchObject({ event: "ping", data: { test: true } });

    const named = await request(t.app).post(`/api/v1/webhooks/${ok.id}/test`).set("authorization", t.admin).send({ event: "invoice.updated", data: { sample: true } });
    expect(named.body.success).toBe(true);
    expect(JSON.parse(at("/ping")[1]!.body)).toMatchObject({ event: "invoice.updated", data: { sample: true } });

    const bad = await request(t.app).post(`/api/v1/webhooks/${down.id}/test`).set("authorization", t.admin).send({});
    expect(bad.body).toEqual({ success: false, response_code: 500, duration_ms: expect.any(Number), error: "HTTP 500" });
    const after = await request(t.app).get("/api/v1/webhooks/deliveries/stats").set("authorization", t.admin);
    expect(after.body.total).toBe(before.body.total);
  });
});
