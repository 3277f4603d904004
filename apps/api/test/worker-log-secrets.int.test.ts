import {
  dumpDatabase,
  dumpRedis,
  eventually,
  findSecrets,
  type HeraldProcess,
  type Receiver,
  spawnHerald,
  startReceiver,
} from "@herald/testkit";
import { type SmtpSink, startSmtpSink } from "@herald/testkit/smtp";
import request from "supertest";
import { createWebhook } from "./helpers/fixtures.ts";
import { createTestApp, TEST_REDIS_URL, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// The worker's debug logs hold no secret after the paths that log the most:
// 5xx answers, timeouts, a 410 that disables an endpoint, a delivery that runs
// out of retries (dead letter), and the mails both of those send through an
// SMTP server that needs a login; nor do the rows and Redis values the worker
// wrote on those paths (attempts, the audit of the disable, endpoint state).
let t: TestApp;
let receiver: Receiver;
let smtp: SmtpSink;
let worker: HeraldProcess;
const smtpUser = "herald-mailer";
const smtpPassword = "smtp-password-value-7f3a";

beforeAll(async () => {
  t = await createTestApp("worker-log-secrets");
  receiver = await startReceiver((req) => {
    if (req.path === "/slow") return { delayMs: 1500 }; // past the worker's 1 s timeout
    if (req.path === "/gone") return { status: 410 };
    return { status: 500, body: "down" };
  });
  smtp = await startSmtpSink();
  const smtpUrl = smtp.url.replace("smtp://", `smtp://${smtpUser}:${smtpPassword}@`);
  worker = await spawnHerald(
    "worker",
    workerEnvFor(t, { LOG_LEVEL: "debug", HERALD_SMTP_URL: smtpUrl, HERALD_NOTIFY_DIGEST_WINDOW_MS: "60000" }),
  );
});
afterAll(async () => {
  await worker.stop();
  await Promise.all([receiver.close(), smtp.close()]);
  await t.close();
});

const get = (path: string) => request(t.app).get(`/api/v1${path}`).set("authorization", t.admin);

it("logs and stores no webhook secret, custom header value, key or SMTP credential after failures, timeouts, 410, dead letters and mails", async () => {
  const secrets = [t.adminKey, t.deps.config.encryptionKey, smtpPassword, `${smtpUser}:${smtpPassword}`];
  const hooks: Record<string, { id: string }> = {};
  for (const path of ["/down", "/slow", "/gone"]) {
    const header = `header-secret-${path.slice(1)}-value-91c2`;
    const hook = await createWebhook(t, t.admin, {
      url: `${receiver.url}${path}`,
      events: ["secret.scan"],
      headers: { "x-customer-token": header },
      notification_email: `owner${path.replace("/", "-")}@example.test`,
      ...(path === "/down" ? { secret: "chosen-secret-value-5e1d" } : {}),
    });
    secrets.push(header, hook.secret, hook.secret.replace(/^whsec_/, ""));
    hooks[path] = hook;
  }
  const event = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", t.admin)
    .send({ type: "secret.scan", data: {} })
    .expect(202);

  // Schedule 1 s, 1 s: /down and /slow run out of retries and are dead-lettered; /gone is disabled.
  const statuses = async () =>
    Object.fromEntries(
      ((await get(`/events/${event.body.id}`)).body.deliveries as Array<{ webhook_id: string; status: string }>).map(
        (d) => [d.webhook_id, d.status],
      ),
    );
  await eventually(
    async () => {
      const s = await statuses();
      return s[hooks["/down"]!.id] === "failed" && s[hooks["/slow"]!.id] === "failed";
    },
    { what: "dead letters", timeoutMs: 30_000 },
  );
  await eventually(async () => (await get(`/webhooks/${hooks["/gone"]!.id}`)).body.enabled === false, {
    what: "410 endpoint disabled",
  });
  await eventually(async () => smtp.mails.length === 3, {
    what: "two dead-letter mails and one disabled mail",
    timeoutMs: 30_000,
  });
  await eventually(async () => (worker.output().match(/"message":"notification sent"/g) ?? []).length === 3, {
    what: "mails logged",
  });

  const logs = worker.output();
  // The scan can fail: the logs hold each of those paths, and the mails went out with the login.
  expect(smtp.mails.map((m) => m.user)).toEqual([smtpUser, smtpUser, smtpUser]);
  expect(logs).toContain('"statusCode":500');
  expect(logs).toContain('"statusCode":410');
  expect(logs).toMatch(/"error":"[^"]*timeout/i);
  expect(receiver.requests.every((r) => String(r.headers["x-customer-token"]).startsWith("header-secret-"))).toBe(true);
  expect(secrets.every((s) => s.length >= 16)).toBe(true);
  const places = {
    logs,
    database: await dumpDatabase(t.database.url),
    redis: await dumpRedis(TEST_REDIS_URL, `${t.deps.config.queuePrefix}:*`),
  };
  expect(places.database).toContain("the endpoint answered 410 Gone");
  expect(places.redis).toContain(t.deps.config.queuePrefix);
  expect(findSecrets(secrets, places)).toEqual([]);
});
