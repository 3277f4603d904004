import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import {
  eventually,
  type HeraldProcess,
  type ReceivedRequest,
  type Receiver,
  spawnHerald,
  startReceiver,
} from "@herald/testkit";
import { createTenant, createTenantKey, createWebhook } from "./helpers/db-fixtures.ts";
import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// End to end: the API publishes, a real worker process delivers to a real
// receiver on loopback. Retry schedule 1 s, then 4 s (3 attempts; unequal, so
// the spacing of each step shows at the receiver); timeout 1 s. Calls go
// through @herald/client to the API listening on a loopback port.
let t: TestApp;
let api: ListeningApp;
let worker: HeraldProcess;
let receiver: Receiver;
const failing = new Set<string>();
const secret = "whsec_" + randomBytes(24).toString("base64");

beforeAll(async () => {
  t = await createTestApp("e2e");
  api = await listen(t);
  receiver = await startReceiver((req) => {
    if (req.path.startsWith("/slow")) return { delayMs: 1500 };
    if ([...failing].some((p) => req.path.startsWith(p)))
      return { status: 500, body: "receiver is down", headers: { "x-receiver": "down-7f3a" } };
    return undefined;
  });
  worker = await spawnHerald("worker", workerEnvFor(t, { HERALD_RETRY_SCHEDULE: "1,4" }));
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await api?.close();
  await t?.close();
});

const hook = (path: string, over: Partial<Parameters<typeof createWebhook>[1]> = {}) =>
  createWebhook(t.deps.db, {
    url: `${receiver.url}${path}`,
    secret,
    encryptionKey: t.deps.config.encryptionKey,
    ...over,
  });
const client = (auth = t.admin) => api.client(auth);
const publish = (
  body: { type: string; data: Record<string, unknown>; id?: string; tenant_id?: string },
  { auth = t.admin, idempotencyKey }: { auth?: string; idempotencyKey?: string } = {},
) =>
  client(auth).POST("/api/v1/events", { body, headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} });
const deliveryDetail = (id: string, auth = t.admin) =>
  client(auth).GET("/api/v1/deliveries/{id}", { params: { path: { id } } });
const stats = async (auth = t.admin) => (await client(auth).GET("/api/v1/webhooks/deliveries/stats")).data!;
const testSend = (id: string, body: { event?: string; data?: Record<string, unknown> }) =>
  client().POST("/api/v1/webhooks/{id}/test", { params: { path: { id } }, body });
const at = (path: string) => receiver.requests.filter((r) => r.path === path);
const headersOf = (r: ReceivedRequest) => r.headers as Record<string, string>;
async function deliveryOf(eventId: string, auth = t.admin) {
  const res = await client(auth).GET("/api/v1/events/{id}", { params: { path: { id: eventId } } });
  return res.data!.deliveries;
}
const settled = (eventId: string, status: string, auth = t.admin) =>
  eventually(async () => ((await deliveryOf(eventId, auth)).every((d) => d.status === status) ? true : undefined), {
    what: `deliveries ${status}`,
  });

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

    const res = await publish({
      type: "invoice.updated",
      tenant_id: tenant.id,
      data: { invoice: "inv_1", total: 12.5 },
    });
    expect(res.response.status).toBe(202);
    expect(res.data).toEqual({ id: expect.any(String), deliveries: 3 });
    const eventId = res.data!.id;
    await settled(eventId, "success");

    const received = receiver.requests.filter((r) => JSON.parse(r.body).id === eventId);
    expect(received.map((r) => r.path).sort()).toEqual(["/all", "/exact", "/service"]);
    for (const r of received) {
      const verifier = r.path === "/service" ? new Webhook(chosen, { format: "raw" }) : new Webhook(secret);
      expect(verifier.verify(r.body, headersOf(r))).toEqual({
        id: eventId,
        event: "invoice.updated",
        created_at: expect.any(String),
        tenant_id: tenant.id,
        data: { invoice: "inv_1", total: 12.5 },
      });
      expect(headersOf(r)).toMatchObject({
        "x-webhook-event": "invoice.updated",
        "x-webhook-attempt": "1",
        "content-type": "application/json",
      });
      expect(headersOf(r)["user-agent"]).toMatch(/^Herald\//);
    }
    expect(headersOf(at("/all")[0]!)["x-customer"]).toBe("acme");
    // webhook-id is the delivery id: one per endpoint, shown by the API.
    const deliveries = await deliveryOf(eventId);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set(deliveries.map((d) => d.id)));
    const detail = (await deliveryDetail(deliveries[0]!.id)).data!;
    expect(detail).toMatchObject({
      status: "success",
      attempt_count: 1,
      attempts: [{ attempt_number: 1, status_code: 200, error: null, response_body: "ok" }],
    });
    expect(detail.attempts[0]!.duration_ms).toEqual(expect.any(Number));
  });

  it("retries a failing endpoint exactly 1 + len(schedule) times with a stable webhook-id, then lists it as failed", async () => {
    failing.add("/down");
    const webhook = await hook("/down", { events: ["payment.failed"] });
    const res = await publish({ type: "payment.failed", data: { payment: "p_1" } });
    expect(res.data!.deliveries).toBe(1);
    await settled(res.data!.id, "failed");
    const [delivery] = await deliveryOf(res.data!.id);

    const attempts = at("/down");
    expect(attempts).toHaveLength(3);
    expect(attempts.map((r) => r.headers["webhook-id"])).toEqual([delivery!.id, delivery!.id, delivery!.id]);
    expect(attempts.map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2", "3"]);
    for (const r of attempts) expect(new Webhook(secret).verify(r.body, headersOf(r))).toBeTruthy();
    // Spaced by the schedule's steps in order, ±10 % jitter: the receiver's own
    // clock, and a retry cannot come early, so the lower bounds are exact; the
    // first gap stays below the second step's least wait (3.6 s), which a late
    // worker cannot reach by accident but a wrong step (4 s first) does.
    const [first, second] = [
      attempts[1]!.receivedAt - attempts[0]!.receivedAt,
      attempts[2]!.receivedAt - attempts[1]!.receivedAt,
    ];
    expect(first).toBeGreaterThanOrEqual(900);
    expect(first).toBeLessThan(3600);
    expect(second).toBeGreaterThanOrEqual(3600);
    // Signed when sent: each retry carries its own timestamp.
    expect(Number(attempts[2]!.headers["webhook-timestamp"])).toBeGreaterThan(
      Number(attempts[0]!.headers["webhook-timestamp"]),
    );

    const detail = (await deliveryDetail(delivery!.id)).data!;
    expect(detail).toMatchObject({
      status: "failed",
      attempt_count: 3,
      last_status_code: 500,
      last_error: "HTTP 500",
      next_attempt_at: null,
    });
    expect(detail.attempts.map((a) => [a.status_code, a.response_body])).toEqual([
      [500, "receiver is down"],
      [500, "receiver is down"],
      [500, "receiver is down"],
    ]);
    const failed = await client().GET("/api/v1/webhooks/deliveries/failed", { params: { query: { limit: 500 } } });
    expect(failed.response.status).toBe(200);
    expect(failed.data!.find((d) => d.id === delivery!.id)).toMatchObject({
      status: "failed",
      webhook: { id: webhook.id, url: webhook.url },
      event: { id: res.data!.id, type: "payment.failed", data: { payment: "p_1" } },
    });
    expect((await stats()).failed).toBeGreaterThanOrEqual(1);
  });

  it("delivers failed deliveries after the receiver recovers: retry one, then retry-all", async () => {
    const tenant = await createTenant(t.deps.db, "flaky");
    const key = await createTenantKey(t.deps.db, tenant.id);
    failing.add("/flaky");
    await hook("/flaky", { events: ["job.done"], tenantId: tenant.id });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await publish({ type: "job.done", data: { n: i } }, { auth: key })).data!.id);
    for (const id of ids) await settled(id, "failed", key);
    failing.delete("/flaky");

    const [first] = await deliveryOf(ids[0]!, key);
    const one = await client(key).POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", {
      params: { path: { deliveryId: first!.id } },
    });
    expect(one.response.status).toBe(200);
    expect(one.data).toEqual({ success: true });
    await settled(ids[0]!, "success", key);
    // Attempt numbers go on: three failed, then the retry's attempt 4.
    expect((await deliveryOf(ids[0]!, key))[0]!.attempt_count).toBe(4);

    const all = await client(key).POST("/api/v1/webhooks/deliveries/retry-all");
    expect(all.data).toEqual({ retried: 2, dry_run: false });
    for (const id of ids) await settled(id, "success", key);
    expect(await stats(key)).toEqual({ total: 3, pending: 0, success: 3, failed: 0, cancelled: 0 });
    const audit = await t.deps.db.auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["delivery.retried", "delivery.retried_all"]);
    // 3 failed attempts each, then one successful one.
    expect(at("/flaky").filter((r) => r.headers["webhook-id"] === first!.id)).toHaveLength(4);
    // The charts still count the three dead letters, now replayed (issue 23: they said 0).
    const chart = await client(key).GET("/api/v1/stats/deliveries", { params: { query: { bucket: "minute" } } });
    const sum = (pick: (b: { dead_lettered: number; succeeded: number; failed: number }) => number) =>
      chart.data!.series.reduce((n, b) => n + pick(b), 0);
    expect([sum((b) => b.dead_lettered), sum((b) => b.failed), sum((b) => b.succeeded)]).toEqual([3, 9, 3]);
  });

  it("numbers attempts on across manual retries (the receiver's header and the rows), with the schedule afresh", async () => {
    failing.add("/renumbered");
    await hook("/renumbered", { events: ["order.shipped"] });
    const event = (await publish({ type: "order.shipped", data: { order: 1 } })).data!.id;
    await settled(event, "failed");
    const [delivery] = await deliveryOf(event);
    const retry = () =>
      client().POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", {
        params: { path: { deliveryId: delivery!.id } },
      });
    // Still failing: the retry gets the whole schedule again (3 attempts), numbered 4 to 6, then dead-letters again.
    expect((await retry()).response.status).toBe(200);
    await eventually(async () => (at("/renumbered").length === 6 ? true : undefined), { what: "six attempts" });
    await settled(event, "failed");
    failing.delete("/renumbered");
    expect((await retry()).response.status).toBe(200);
    await settled(event, "success");
    expect(at("/renumbered").map((r) => headersOf(r)["x-webhook-attempt"])).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
    const detail = (await deliveryDetail(delivery!.id)).data!;
    expect([detail.status, detail.attempt_count]).toEqual(["success", 7]);
    expect(detail.attempts.map((a) => [a.attempt_number, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
      [5, 500],
      [6, 500],
      [7, 200],
    ]);
    const chart = await client().GET("/api/v1/stats/deliveries", {
      params: { query: { bucket: "minute", webhook_id: detail.webhook_id } },
    });
    expect(chart.data!.series.reduce((n, b) => n + b.dead_lettered, 0)).toBe(2);
  });

  it("counts a receiver slower than the timeout as a failed attempt", async () => {
    await hook("/slow", { events: ["report.ready"] });
    const res = await publish({ type: "report.ready", data: {} });
    const [delivery] = await deliveryOf(res.data!.id);
    const detail = await eventually(async () => {
      const r = (await deliveryDetail(delivery!.id)).data!;
      return r.attempts.length > 0 ? r : undefined;
    });
    expect(detail.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/timeout/) });
    expect(detail.status).toBe("pending");
    expect(detail.attempt_count).toBe(1);
  });

  it("publishes idempotently: a repeated key or id answers like the first and is delivered once", async () => {
    await hook("/idem", { events: ["user.created"] });
    const first = await publish({ type: "user.created", data: { user: 1 } }, { idempotencyKey: "create-user-1" });
    const again = await publish({ type: "user.created", data: { user: 1 } }, { idempotencyKey: "create-user-1" });
    expect(again.response.status).toBe(202);
    expect(again.data).toEqual(first.data);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    const byId = await publish({ type: "user.created", id: "evt_user_2", data: { user: 2 } });
    const byIdAgain = await publish({ type: "user.created", id: "evt_user_2", data: { user: 2 } });
    expect(byIdAgain.data).toEqual({ id: "evt_user_2", deliveries: 1 });
    expect(byId.data).toEqual(byIdAgain.data);
    await settled(first.data!.id, "success");
    await settled("evt_user_2", "success");
    expect(await t.deps.db.event.count({ where: { type: "user.created" } })).toBe(2);
    expect(
      at("/idem")
        .map((r) => JSON.parse(r.body).id)
        .sort(),
    ).toEqual([first.data!.id, "evt_user_2"].sort());
  });

  it("sends a signed test event through the same code, synchronously, without recording a delivery", async () => {
    const ok = await hook("/ping", { events: ["invoice.updated"] });
    failing.add("/ping-down");
    const down = await hook("/ping-down", { events: ["invoice.updated"] });
    const before = await stats();

    const res = await testSend(ok.id, {});
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({
      success: true,
      response_code: 200,
      duration_ms: expect.any(Number),
      response_body: "ok",
      response_headers: expect.objectContaining({ "content-type": "text/plain" }),
    });
    const [ping] = at("/ping");
    expect(new Webhook(secret).verify(ping!.body, headersOf(ping!))).toMatchObject({
      event: "ping",
      data: { test: true },
    });

    const named = await testSend(ok.id, { event: "invoice.updated", data: { sample: true } });
    expect(named.data!.success).toBe(true);
    expect(JSON.parse(at("/ping")[1]!.body)).toMatchObject({ event: "invoice.updated", data: { sample: true } });

    const bad = await testSend(down.id, {});
    expect(bad.data).toEqual({
      success: false,
      response_code: 500,
      duration_ms: expect.any(Number),
      error: "HTTP 500",
      // What the receiver answered, so a failing test send says why.
      response_body: "receiver is down",
      response_headers: expect.objectContaining({ "content-type": "text/plain", "x-receiver": "down-7f3a" }),
    });
    expect((await stats()).total).toBe(before.total);
  });
});
