import { partitionQueueName } from "@herald/engine";
import type { Browser } from "playwright-core";
import request from "supertest";
import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { createWebhook } from "./helpers/db-fixtures.ts";
import { launchChromium } from "./helpers/browser.ts";
import { listen, type ListeningApp } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// A real browser (the local Chromium or Chrome, driven by playwright-core) logs
// in to Bull Board with the admin key over Basic auth and finds the failed job.
let t: TestApp;
let listening: ListeningApp;
let base: string;
let receiver: Receiver;
let worker: HeraldProcess;
let browser: Browser;
let healthy = false;

beforeAll(async () => {
  t = await createTestApp("board");
  listening = await listen(t);
  base = listening.origin;
  receiver = await startReceiver(() => (healthy ? undefined : { status: 500 }));
  worker = await spawnHerald("worker", workerEnvFor(t, { HERALD_RETRY_SCHEDULE: "1" }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await receiver?.close();
  await listening?.close();
  await t?.close();
});

it("shows a failed delivery job to an admin signed in with Basic auth, and retries it", async () => {
  await createWebhook(t.deps.db, {
    url: `${receiver.url}/board`,
    events: ["board.test"],
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
  });
  const res = await request(t.app)
    .post("/api/v1/events")
    .set("authorization", t.admin)
    .send({ type: "board.test", data: {} });
  const [delivery] = await t.deps.db.delivery.findMany({ where: { eventId: res.body.id } });
  await eventually(
    async () => (await t.deps.db.delivery.findUnique({ where: { id: delivery!.id } }))?.status === "failed",
    { what: "delivery failed" },
  );
  await eventually(async () => (await t.deps.deliveryQueues.getJobState(delivery!.id)) === "failed", {
    what: "job failed",
  });

  // Without credentials the Basic challenge goes unanswered.
  const anonymous = await browser.newContext();
  await expect((await anonymous.newPage()).goto(`${base}/admin/queues`)).rejects.toThrow(
    /ERR_INVALID_AUTH_CREDENTIALS/,
  );
  await anonymous.close();

  const context = await browser.newContext({ httpCredentials: { username: "admin", password: t.adminKey } });
  // Whatever the page's Content-Security-Policy refuses, as the page itself sees it.
  await context.addInitScript(`
    window.refused = [];
    document.addEventListener("securitypolicyviolation", (e) => refused.push(e.effectiveDirective + " " + e.blockedURI));
  `);
  const page = await context.newPage();
  const response = await page.goto(
    `${base}/admin/queues/queue/${encodeURIComponent(partitionQueueName(0))}?status=failed`,
  );
  expect(response?.status()).toBe(200);
  await page.getByText(delivery!.id).first().waitFor({ timeout: 15_000 });
  await page
    .getByText(/gave up after 2 attempts: HTTP 500/)
    .first()
    .waitFor({ timeout: 15_000 });

  healthy = true;
  await page.getByRole("button", { name: "Retry all" }).click();
  await page.getByRole("button", { name: "Confirm" }).click();
  await eventually(
    async () => (await t.deps.db.delivery.findUnique({ where: { id: delivery!.id } }))?.status === "success",
    { what: "delivered after the dashboard retry" },
  );
  // Its bundle ran under the policy (the job was listed and retried above). Refused: the third-party
  // font stylesheet its page links, and the five style attributes of its loading placeholder.
  expect(await page.evaluate<string[]>("window.refused")).toEqual([
    "style-src-elem https://fonts.googleapis.com/css2?family=IBM+Plex+Sans:wght@400;500;600&family=IBM+Plex+Mono:wght@400;500&display=swap",
    ...Array(5).fill("style-src-attr inline"),
  ]);
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await context.close();
});
