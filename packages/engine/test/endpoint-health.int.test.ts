import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually, type Receiver, startReceiver } from "@herald/testkit";
import { createDeliveries, createWebhook } from "./helpers/fixtures.ts";
import { type HealthWorker, startHealthWorker } from "./helpers/health-worker.ts";
import { type SmtpSink, startSmtpSink } from "@herald/testkit/smtp";

const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");
const DIGEST_WINDOW_MS = 1500;

let database: TestDatabase;
let smtp: SmtpSink;
let receiver: Receiver;
let w: HealthWorker;

beforeAll(async () => {
  database = await createTestDatabase("endpoint-health");
  smtp = await startSmtpSink();
  receiver = await startReceiver();
  // No retries: a failed attempt sends the delivery to the dead-letter queue at once.
  w = await startHealthWorker({
    db: database.db,
    encryptionKey,
    schedule: [],
    settings: { smtpUrl: smtp.url, digestWindowMs: DIGEST_WINDOW_MS, disableAfterMs: 5000 },
  });
});
afterAll(async () => {
  await w.close();
  await receiver.close();
  await smtp.close();
  await database.drop();
});
beforeEach(() => receiver.respondWith(() => undefined));

const db = () => database.db;
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function webhookAt(
  path: string,
  data: { notificationEmail?: string; tenantId?: string; failingSince?: Date } = {},
) {
  const row = await createWebhook(db(), {
    url: `${receiver.url}${path}`,
    secret,
    encryptionKey,
    tenantId: data.tenantId ?? null,
  });
  return db().webhook.update({
    where: { id: row.id },
    data: { notificationEmail: data.notificationEmail ?? null, failingSince: data.failingSince ?? null },
  });
}

describe("auto-disable", () => {
  it("disables an endpoint answering 410 Gone at once, audited, and mails its owner at once", async () => {
    receiver.respondWith((req) => (req.path === "/gone" ? { status: 410 } : undefined));
    const webhook = await webhookAt("/gone", { notificationEmail: "Owner-410@example.test" });
    await w.enqueue(await createDeliveries(db(), { webhookId: webhook.id, count: 1 }));
    const row = await eventually(
      async () => {
        const r = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
        return r.enabled ? undefined : r;
      },
      { what: "webhook disabled" },
    );
    expect(row.disabledReason).toBe("the endpoint answered 410 Gone");
    expect(row.disabledAt).toBeInstanceOf(Date);
    const audit = await db().auditLog.findMany({ where: { resourceId: webhook.id, action: "webhook.disabled" } });
    expect(audit).toMatchObject([
      {
        actorId: "system",
        resourceType: "webhook",
        changes: { enabled: { from: true, to: false }, disabled_reason: "the endpoint answered 410 Gone" },
      },
    ]);
    // The disabling is reported before the delivery's own failure, which waits for the digest.
    const [first] = await eventually(
      () => mailsTo("owner-410@example.test").length >= 1 && mailsTo("owner-410@example.test"),
      { what: "disabled mail" },
    );
    expect(first!.subject).toBe(`[Herald] Webhook disabled: ${receiver.url}/gone`);
    expect(first!.text).toContain("410 Gone");
  });

  it("disables an endpoint whose deliveries have all failed for the configured span", async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const failing = await webhookAt("/failing", { failingSince: new Date(Date.now() - 6000) });
    const recent = await webhookAt("/recent", { failingSince: new Date(Date.now() - 1000) });
    await w.enqueue([
      ...(await createDeliveries(db(), { webhookId: failing.id, count: 1 })),
      ...(await createDeliveries(db(), { webhookId: recent.id, count: 1 })),
    ]);
    await eventually(async () => !(await db().webhook.findUniqueOrThrow({ where: { id: failing.id } })).enabled, {
      what: "failing webhook disabled",
    });
    expect((await db().webhook.findUniqueOrThrow({ where: { id: failing.id } })).disabledReason).toMatch(
      /^every delivery failed for 5 s \(since /,
    );
    await eventually(
      async () => (await db().deliveryAttempt.count({ where: { delivery: { webhookId: recent.id } } })) === 1,
      { what: "recent attempted" },
    );
    expect(await db().webhook.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
  });

  it("starts a failing run on the first failure and ends it on a success", async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const webhook = await webhookAt("/flaky");
    await w.enqueue(await createDeliveries(db(), { webhookId: webhook.id, count: 1 }));
    const started = await eventually(
      async () => (await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } })).failingSince ?? undefined,
      { what: "failing_since set" },
    );
    await w.enqueue(await createDeliveries(db(), { webhookId: webhook.id, count: 1 }));
    await eventually(
      async () => (await db().deliveryAttempt.count({ where: { delivery: { webhookId: webhook.id } } })) === 2,
    );
    expect((await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } })).failingSince).toEqual(started);
    receiver.respondWith(() => undefined);
    await w.enqueue(await createDeliveries(db(), { webhookId: webhook.id, count: 1 }));
    await eventually(
      async () => (await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } })).failingSince === null,
      { what: "failing_since cleared" },
    );
  });
});

describe("dead-letter notifications", () => {
  it("mails the tenant's address once for the first failure, then one digest for the storm", async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const tenant = await db().tenant.create({ data: { name: "storm", notificationEmail: "ops@storm.test" } });
    const webhook = await webhookAt("/storm", { tenantId: tenant.id });
    const ids = await createDeliveries(db(), { webhookId: webhook.id, count: 8 });
    await w.enqueue(ids);
    await eventually(
      async () => (await db().delivery.count({ where: { id: { in: ids }, status: "failed" } })) === ids.length,
      { what: "all dead-lettered" },
    );
    await eventually(() => mailsTo("ops@storm.test").length >= 2, {
      timeoutMs: DIGEST_WINDOW_MS * 4,
      what: "incident mail and digest",
    });
    // Another window passes with nothing new: no further mail.
    await pause(DIGEST_WINDOW_MS + 500);
    const mails = mailsTo("ops@storm.test");
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^\[Herald\] Delivery failed: invoice\.updated to http:\/\/127\.0\.0\.1:\d+\/storm$/),
      "[Herald] 7 more webhook incidents",
    ]);
    expect(mails[1]!.text.match(/failed after 1 attempts/g)).toHaveLength(7);
  });

  it("mails nobody when neither the webhook nor its tenant has an address", async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const before = smtp.mails.length;
    const webhook = await webhookAt("/nobody");
    const ids = await createDeliveries(db(), { webhookId: webhook.id, count: 1 });
    await w.enqueue(ids);
    await eventually(
      async () => (await db().delivery.findUniqueOrThrow({ where: { id: ids[0]! } })).status === "failed",
    );
    await pause(300);
    expect(smtp.mails.length).toBe(before);
  });
});
