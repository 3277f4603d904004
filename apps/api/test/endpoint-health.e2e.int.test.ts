import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { type SmtpSink, startSmtpSink } from "@herald/testkit/smtp";
import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// The worker process as deployed (main.ts wiring): an endpoint answering 410
// is disabled, which the API shows and audits, its owner gets a mail, and
// re-enabling it resumes the delivery that was waiting.

let t: TestApp;
let api: ListeningApp;
let receiver: Receiver;
let smtp: SmtpSink;
let worker: HeraldProcess;

beforeAll(async () => {
  t = await createTestApp("health-e2e");
  api = await listen(t);
  receiver = await startReceiver(() => ({ status: 410 }));
  smtp = await startSmtpSink();
  worker = await spawnHerald(
    "worker",
    workerEnvFor(t, { HERALD_SMTP_URL: smtp.url, HERALD_NOTIFY_DIGEST_WINDOW_MS: "60000" }),
  );
});
afterAll(async () => {
  await worker.stop();
  await Promise.all([receiver.close(), smtp.close()]);
  await api.close();
  await t.close();
});

it("disables a 410 endpoint with a reason, audits and mails it, and resumes after re-enabling", async () => {
  const herald = api.client(t.admin);
  const created = await herald.POST("/api/v1/webhooks", {
    body: { url: `${receiver.url}/gone`, events: ["a.b"], notification_email: "owner@example.test" },
  });
  expect(created.response.status).toBe(201);
  const webhook = created.data!;
  const published = await herald.POST("/api/v1/events", { body: { type: "a.b", data: {} } });
  expect(published.response.status).toBe(202);
  const shownWebhook = async () =>
    (await herald.GET("/api/v1/webhooks/{id}", { params: { path: { id: webhook.id } } })).data!;

  await eventually(async () => (await shownWebhook()).enabled === false, { what: "webhook disabled" });
  expect(await shownWebhook()).toMatchObject({
    enabled: false,
    disabled_reason: "the endpoint answered 410 Gone",
    disabled_at: expect.any(String),
  });
  const audit = await herald.GET("/api/v1/audit-logs", { params: { query: { action: "webhook.disabled" } } });
  expect(audit.response.status).toBe(200);
  expect(audit.data).toMatchObject([
    { actor_id: "system", resource_id: webhook.id, changes: { disabled_reason: "the endpoint answered 410 Gone" } },
  ]);
  await eventually(async () => smtp.mails.length === 1, { what: "notification mail" });
  expect(smtp.mails[0]).toMatchObject({
    to: ["owner@example.test"],
    subject: `[Herald] Webhook disabled: ${receiver.url}/gone`,
  });

  receiver.respondWith(() => undefined);
  const enabled = await herald.PATCH("/api/v1/webhooks/{id}", {
    params: { path: { id: webhook.id } },
    body: { enabled: true },
  });
  expect(enabled.response.status).toBe(200);
  await eventually(
    async () =>
      (await herald.GET("/api/v1/events/{id}", { params: { path: { id: published.data!.id } } })).data?.deliveries[0]
        ?.status === "success",
    { what: "delivered after re-enabling" },
  );
  expect(receiver.requests.map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2"]);
});
