import { uuidv7 } from "@herald/db";
import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { Webhook } from "standardwebhooks";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

const OVERLAP_MS = 2000;

let t: TestApp;
let receiver: Receiver;
let acme: TenantWithKey;
let other: TenantWithKey;

beforeAll(async () => {
  t = await createTestApp("webhook-ops", { secretRotationOverlapMs: OVERLAP_MS });
  receiver = await startReceiver();
  acme = await createTenantWithKey(t, "acme");
  other = await createTenantWithKey(t, "other");
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const post = (path: string, auth: string) => request(t.app).post(`/api/v1${path}`).set("authorization", auth);
const signaturesOf = (r: Receiver["requests"][number]) => String(r.headers["webhook-signature"]).split(" ");

describe("POST /webhooks/:id/rotate-secret", () => {
  it("returns a new secret once; deliveries carry both signatures during the overlap, then only the new one", async () => {
    const old = "original-secret-1";
    const webhook = await createWebhook(t, acme.auth, { url: `${receiver.url}/rotating`, secret: old });
    const res = await post(`/webhooks/${webhook.id}/rotate-secret`, acme.auth).expect(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.id).toBe(webhook.id);
    expect(Date.parse(res.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(OVERLAP_MS - 1000);
    const fresh: string = res.body.secret;

    await post(`/webhooks/${webhook.id}/test`, acme.auth).expect(200);
    const during = receiver.requests.at(-1)!;
    expect(signaturesOf(during)).toHaveLength(2);
    const headers = during.headers as Record<string, string>;
    expect(new Webhook(fresh).verify(during.body, headers)).toBeTruthy();
    expect(new Webhook(old, { format: "raw" }).verify(during.body, headers)).toBeTruthy();

    await new Promise((r) => setTimeout(r, OVERLAP_MS + 200));
    await post(`/webhooks/${webhook.id}/test`, acme.auth).expect(200);
    const after = receiver.requests.at(-1)!;
    expect(signaturesOf(after)).toHaveLength(1);
    expect(new Webhook(fresh).verify(after.body, after.headers as Record<string, string>)).toBeTruthy();
    expect(() =>
      new Webhook(old, { format: "raw" }).verify(after.body, after.headers as Record<string, string>),
    ).toThrow();

    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { action: "webhook.secret_rotated", resourceId: webhook.id },
    });
    expect(audit.tenantId).toBe(acme.id);
    // The entry keeps when the old secret stops signing and whether the caller chose the new one; never the secret.
    expect(audit.changes).toEqual({
      previous_secret_expires_at: res.body.previous_secret_expires_at,
      secret_chosen_by_caller: false,
    });
    expect(JSON.stringify(audit.changes)).not.toContain(fresh);
  });

  it("accepts a chosen secret of 10-50 characters, and is scoped like the other webhook routes", async () => {
    const webhook = await createWebhook(t, acme.auth, { url: `${receiver.url}/chosen` });
    const chosen = await post(`/webhooks/${webhook.id}/rotate-secret`, acme.auth)
      .send({ secret: "my-new-secret-42" })
      .expect(200);
    expect(chosen.body.secret).toBe("my-new-secret-42");
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { action: "webhook.secret_rotated", resourceId: webhook.id },
    });
    expect(audit.changes).toEqual({
      previous_secret_expires_at: chosen.body.previous_secret_expires_at,
      secret_chosen_by_caller: true,
    });
    expect(JSON.stringify(audit)).not.toContain("my-new-secret-42");
    const short = await post(`/webhooks/${webhook.id}/rotate-secret`, acme.auth).send({ secret: "short" }).expect(400);
    expect(JSON.stringify(short.body.error.details)).toContain("secret");
    await post(`/webhooks/${webhook.id}/rotate-secret`, other.auth).expect(404);
    await post(`/webhooks/${webhook.id}/rotate-secret`, t.admin).expect(200);
  });
});

describe("POST /webhooks/:id/recover", () => {
  let worker: HeraldProcess | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  async function delivery(webhookId: string, status: "failed" | "success" | "pending", minutesAgo: number) {
    const createdAt = new Date(Date.now() - minutesAgo * 60_000);
    const event = await t.deps.db.event.create({
      data: { type: "invoice.updated", data: { n: minutesAgo }, tenantId: acme.id, createdAt },
    });
    return t.deps.db.delivery.create({
      data: {
        // As a publish writes it: the id is a UUIDv7 of the creation instant.
        id: uuidv7(createdAt.getTime()),
        eventId: event.id,
        webhookId,
        tenantId: acme.id,
        status,
        attemptCount: 6,
        createdAt,
        completedAt: status === "pending" ? null : createdAt,
      },
    });
  }

  it("re-sends exactly the webhook's failed deliveries created in the window", async () => {
    const webhook = await createWebhook(t, acme.auth, { url: `${receiver.url}/recover` });
    const neighbour = await createWebhook(t, acme.auth, { url: `${receiver.url}/neighbour` });
    const inWindow = [await delivery(webhook.id, "failed", 90), await delivery(webhook.id, "failed", 30)];
    const outside = [
      await delivery(webhook.id, "failed", 180),
      await delivery(webhook.id, "failed", 5),
      await delivery(webhook.id, "success", 60),
      await delivery(neighbour.id, "failed", 60),
    ];
    const since = new Date(Date.now() - 120 * 60_000).toISOString();
    const until = new Date(Date.now() - 10 * 60_000).toISOString();

    const res = await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({ since, until }).expect(200);
    expect(res.body).toEqual({ recovered: 2 });
    worker = await spawnHerald("worker", workerEnvFor(t));
    const sentIds = () =>
      receiver.requests
        .filter((r) => r.path === "/recover" || r.path === "/neighbour")
        .map((r) => r.headers["webhook-id"]);
    await eventually(async () => sentIds().length >= 2, { what: "recovered deliveries sent" });
    await new Promise((r) => setTimeout(r, 1500)); // a sweep interval or two: nothing else goes out
    expect(sentIds().sort()).toEqual(inWindow.map((d) => d.id).sort());
    for (const d of inWindow)
      expect(await t.deps.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
        status: "success",
        // Six attempts before, the recovery's is the seventh; the schedule started afresh after the sixth.
        attemptCount: 7,
        attemptsAtRestart: 6,
      });
    for (const d of outside)
      expect((await t.deps.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe(d.status);
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { action: "webhook.recovered", resourceId: webhook.id },
    });
    expect(audit.changes).toMatchObject({ recovered: 2, since: new Date(since).toISOString() });
  });

  it("commits a recovery with its audit entry: when the entry cannot be written, no delivery is re-queued", async () => {
    const webhook = await createWebhook(t, acme.auth, { url: `${receiver.url}/unaudited` });
    const failed = await delivery(webhook.id, "failed", 30);
    const since = new Date(Date.now() - 60 * 60_000).toISOString();
    // A real failure of the audit insert, in this suite's own database: a trigger that refuses the recover's entry.
    await t.deps.db.$executeRawUnsafe(`CREATE FUNCTION refuse_recovered_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'webhook.recovered' THEN RAISE EXCEPTION 'audit entry refused'; END IF; RETURN NEW; END $$`);
    await t.deps.db.$executeRawUnsafe(
      "CREATE TRIGGER refuse_recovered_entry BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION refuse_recovered_entry()",
    );
    try {
      await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({ since }).expect(500);
    } finally {
      await t.deps.db.$executeRawUnsafe("DROP TRIGGER refuse_recovered_entry ON audit_logs");
      await t.deps.db.$executeRawUnsafe("DROP FUNCTION refuse_recovered_entry()");
    }
    expect(await t.deps.db.delivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: "failed",
      attemptCount: 6,
    });
    expect(await t.deps.db.auditLog.count({ where: { action: "webhook.recovered", resourceId: webhook.id } })).toBe(0);

    // The same recovery, once its entry can be written, commits both.
    expect((await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({ since }).expect(200)).body).toEqual({
      recovered: 1,
    });
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { action: "webhook.recovered", resourceId: webhook.id },
    });
    expect(audit.changes).toMatchObject({ recovered: 1, since });
  });

  it("refuses a bad window, another tenant's webhook and a disabled webhook", async () => {
    const webhook = await createWebhook(t, acme.auth, { url: `${receiver.url}/x` });
    const bad = await post(`/webhooks/${webhook.id}/recover`, acme.auth)
      .send({ since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z" })
      .expect(400);
    expect(JSON.stringify(bad.body.error.details)).toContain("until");
    await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({ since: "yesterday" }).expect(400);
    await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({}).expect(400);
    await post(`/webhooks/${webhook.id}/recover`, other.auth).send({ since: "2026-01-01T00:00:00Z" }).expect(404);
    await request(t.app)
      .patch(`/api/v1/webhooks/${webhook.id}`)
      .set("authorization", acme.auth)
      .send({ enabled: false })
      .expect(200);
    await post(`/webhooks/${webhook.id}/recover`, acme.auth).send({ since: "2026-01-01T00:00:00Z" }).expect(409);
  });
});
