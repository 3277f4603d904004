import { endpointKeys } from "@herald/engine";
import { startRedisServer } from "@herald/testkit";
import request from "supertest";
import { createWebhook as insertWebhook } from "./helpers/db-fixtures.ts";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

const HOUR = 3_600_000;
let t: TestApp;
let acme: TenantWithKey;
let other: TenantWithKey;
const hooks: Record<string, string> = {};
const latest: Record<string, string> = {};

async function attempt({
  deliveryId,
  statusCode,
  at,
  n,
}: {
  deliveryId: string;
  statusCode: number | null;
  at: Date;
  n: number;
}) {
  await t.deps.db.deliveryAttempt.create({
    data: {
      deliveryId,
      attemptNumber: n,
      statusCode,
      durationMs: 12,
      createdAt: at,
      ...(statusCode ? {} : { error: "timeout" }),
    },
  });
}

beforeAll(async () => {
  t = await createTestApp("webhook-health");
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
  for (const name of ["busy", "quiet", "probing"])
    hooks[name] = (await createWebhook(t, acme.auth, { events: [`${name}.*`] })).id;
  hooks.foreign = (await createWebhook(t, other.auth, { events: ["*"] })).id;
  for (const type of ["busy.first", "busy.second", "quiet.only"]) {
    const event = await request(t.app)
      .post("/api/v1/events")
      .set("authorization", acme.auth)
      .send({ type, data: {} })
      .expect(202);
    const delivery = await t.deps.db.delivery.findFirstOrThrow({ where: { eventId: event.body.id } });
    latest[delivery.webhookId] = delivery.id;
  }
  const busy = latest[hooks.busy!]!;
  const now = Date.now();
  await attempt({ deliveryId: busy, statusCode: 500, at: new Date(now - 2 * HOUR), n: 1 });
  await attempt({ deliveryId: busy, statusCode: 200, at: new Date(now - 1000), n: 2 });
  await attempt({ deliveryId: busy, statusCode: 204, at: new Date(now - 500), n: 3 });
  // Outside the 24 h window: not counted.
  await attempt({ deliveryId: busy, statusCode: null, at: new Date(now - 30 * HOUR), n: 4 });
  await t.deps.db.webhook.update({
    where: { id: hooks.quiet },
    data: { enabled: false, disabledReason: "endpoint answered 410 Gone" },
  });
  const keys = endpointKeys(t.deps.config.queuePrefix);
  await t.deps.redis.set(keys.failures(hooks.busy!), "3");
  await t.deps.redis.set(keys.failures(hooks.quiet!), "12");
  await t.deps.redis.set(keys.open(hooks.quiet!), "1");
  await t.deps.redis.set(keys.probe(hooks.quiet!), "1", "PX", 60_000);
  await t.deps.redis.set(keys.failures(hooks.probing!), "10");
  await t.deps.redis.set(keys.open(hooks.probing!), "1");
});
afterAll(() => t.close());

const health = (auth: string, ids: string) =>
  request(t.app).get(`/api/v1/webhooks/health?ids=${ids}`).set("authorization", auth);

describe("GET /webhooks/health", () => {
  it("answers each webhook's state, circuit, latest delivery and last 24 h of attempts, in the order asked", async () => {
    const res = await health(acme.auth, [hooks.busy, hooks.quiet, hooks.probing].join(","));
    expect(res.status).toBe(200);
    const [busy, quiet, probing] = res.body.data;
    expect(res.body.data.map((h: { webhook_id: string }) => h.webhook_id)).toEqual([
      hooks.busy,
      hooks.quiet,
      hooks.probing,
    ]);

    expect(busy).toMatchObject({
      enabled: true,
      disabled_reason: null,
      circuit: { state: "closed", consecutive_failures: 3, next_probe_in_ms: null },
    });
    expect(busy.attempts).toEqual({ total: 3, succeeded: 2, failed: 1 });
    expect(busy.success_rate).toBeCloseTo(2 / 3, 10);
    expect(busy.last_delivery).toMatchObject({ id: latest[hooks.busy!], event_type: "busy.second", status: "pending" });
    expect(busy.hourly).toHaveLength(24);
    const starts = busy.hourly.map((h: { start: string }) => Date.parse(h.start));
    expect(starts.every((s: number, i: number) => i === 0 || s - starts[i - 1] === HOUR)).toBe(true);
    expect(starts[0]).toBe(Date.parse(busy.window.from));
    const hourOf = (ms: number) =>
      busy.hourly.find((h: { start: string }) => Date.parse(h.start) <= ms && ms < Date.parse(h.start) + HOUR);
    expect(hourOf(Date.now() - 500)).toMatchObject({ succeeded: 2 });
    expect(hourOf(Date.now() - 2 * HOUR)).toMatchObject({ failed: 1 });
    expect(
      busy.hourly.reduce((n: number, h: { succeeded: number; failed: number }) => n + h.succeeded + h.failed, 0),
    ).toBe(3);

    expect(quiet).toMatchObject({
      enabled: false,
      disabled_reason: "endpoint answered 410 Gone",
      attempts: { total: 0, succeeded: 0, failed: 0 },
      success_rate: null,
    });
    expect(quiet.circuit.state).toBe("open");
    expect(quiet.circuit.consecutive_failures).toBe(12);
    expect(quiet.circuit.next_probe_in_ms).toBeGreaterThan(0);
    expect(quiet.circuit.next_probe_in_ms).toBeLessThanOrEqual(60_000);
    expect(quiet.last_delivery).toMatchObject({ id: latest[hooks.quiet!], event_type: "quiet.only" });

    expect(probing).toMatchObject({
      circuit: { state: "half_open", consecutive_failures: 10, next_probe_in_ms: 0 },
      last_delivery: null,
    });
  });

  it("is a 404 naming the place of an id the caller cannot see; an admin sees every tenant's", async () => {
    const res = await health(acme.auth, `${hooks.busy},${hooks.foreign}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("webhook not found: ids item 2");
    expect(res.body.error.details).toEqual([{ field: "ids", message: "ids: item 2: no such webhook", index: 1 }]);
    const admin = await health(t.admin, `${hooks.busy},${hooks.foreign}`);
    expect(admin.status).toBe(200);
    expect(admin.body.data).toHaveLength(2);
  });

  it("refuses a missing, malformed or too long id list naming the field", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `0190f2f4-0000-7000-8000-${String(i).padStart(12, "0")}`).join(
      ",",
    );
    for (const query of [
      "",
      "?ids=",
      "?ids=not-a-uuid",
      `?ids=${hooks.busy},x`,
      `?ids=${many}`,
      `?ids=${hooks.busy}&ids=${hooks.quiet}`,
    ]) {
      const res = await request(t.app).get(`/api/v1/webhooks/health${query}`).set("authorization", acme.auth);
      expect([
        query.slice(0, 40),
        res.status,
        res.body.error.details.map((d: { field: string }) => d.field)[0],
      ]).toEqual([query.slice(0, 40), 400, "ids"]);
    }
  });
});

describe("GET /webhooks/health while Redis is down", () => {
  it("answers from Postgres with the circuit unknown", async () => {
    const redis = await startRedisServer();
    const down = await createTestApp("webhook-health-down", {}, { redisUrl: redis.url });
    try {
      const hook = await insertWebhook(down.deps.db, {
        url: "https://127.0.0.1:9/h",
        secret: "s3cret-value-1",
        encryptionKey: down.deps.config.encryptionKey,
        events: ["*"],
      });
      await redis.stop({ kill: true });
      const res = await request(down.app)
        .get(`/api/v1/webhooks/health?ids=${hook.id}`)
        .set("authorization", down.admin);
      await redis.start();
      expect(res.status).toBe(200);
      expect(res.body.data[0]).toMatchObject({
        webhook_id: hook.id,
        enabled: true,
        circuit: { state: "unknown", consecutive_failures: null, next_probe_in_ms: null },
        attempts: { total: 0 },
      });
    } finally {
      await down.close();
      await redis.destroy();
    }
  });
});
