import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { type SmtpSink, startSmtpSink } from "@herald/testkit/smtp";
import request from "supertest";
import { createWebhook } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// The worker process as deployed (main.ts wiring): an endpoint answering 410
// is disabled, which the API shows and audits, its owner gets a mail, and
// re-enabling it resumes the delivery that was waiting.

let t: TestApp;
let receiver: Receiver;
let smtp: SmtpSink;
let worker: HeraldProcess;

beforeAll(async () => {
  t = await createTestApp("health-e2e");
  receiver = await startReceiver(() => ({ status: 410 }));
  smtp = await startSmtpSink();
  worker = await spawnHerald("worker", workerEnvFor(t, { HERALD_SMTP_URL: smtp.url, HERALD_NOTIFY_DIGEST_WINDOW_MS: "60000" }));
});
afterAll(async () => {
  await worker.stop();
  await Promise.all([receiver.close(), smtp.close()]);
  await t.close();
});

const get = (path: string) => request(t.app).get(`/api/v1${path}`).set("authorization", t.admin);

it("disables a 410 endpoint with a reason, audits and mails it, and resumes after re-enabling", async () => {
  const webhook = await createWebhook(t, t.admin, { url: `${receiver.url}/gone`, events: ["a.b"], notification_email: "owner@example.test" });
  const published = await request(t.app).post("/api/v1/events").set("authorization", t.admin).send({ type: "a.b", data: {} }).expect(202);

  await eventually(async () => (await get(`/webhooks/${webhook.id}`)).body.enabled === false, { what: "webhook disabled" });
  const shown = (await get(`/webhooks/${webhook.id}`)).body;
  expect(shown).toMatchObject({ enabled: false, disabled_reason: "the endpoint answered 410 Gone", disabled_at: expect.any(String) });
  const audit = await get("/audit-logs?action=webhook.disabled").expect(200);
  expect(audit.body).toMatchObject([{ actor_id: "system", resource_id: webhook.id, changes: { disabled_reason: "the endpoint answered 410 Gone" } }]);
  await eventually(async () => smtp.mails.length === 1, { what: "notification mail" });
  expect(smtp.mails[0]).toMatchObject({ to: ["owner@example.test"], subject: `[Herald] Webhook disabled: ${receiver.url}/gone` });

  receiver.respondWith(() => undefined);
  await request(t.app).patch(`/api/v1/webhooks/${webhook.id}`).set("authorization", t.admin).send({ enabled: true }).expect(200);
  await eventually(async () => (await get(`/events/${published.body.id}`)).body.deliveries?.[0]?.status === "success", { what: "delivered after re-enabling" });
  expect(receiver.requests.map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2"]);
});
