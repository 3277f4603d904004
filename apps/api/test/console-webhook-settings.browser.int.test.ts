import { decrypt } from "@herald/crypto";
import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import {
  launchChromium,
  type AppOnPort,
  listenTestApp,
  screenshot,
  signIn,
  newPageForEachTest,
} from "./helpers/browser.ts";
import { createTenantWithKey, type TenantWithKey } from "./helpers/fixtures.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Every setting of a webhook from the console, against a real API, worker and receiver in Chromium: the form
// writes what the API stores, the filter editor judges a real recent event, a test send shows the receiver's
// answer, and a new webhook's secret is copied once and never created twice.
let stack: AppOnPort;
let receiver: Receiver;
let worker: HeraldProcess;
let browser: Browser;
let acme: TenantWithKey;

beforeAll(async () => {
  stack = await listenTestApp("console-webhook-settings");
  receiver = await startReceiver((req) =>
    req.path.startsWith("/answers")
      ? { status: 202, body: '{"received":"thanks-91c2"}', headers: { "x-receiver-note": "queued-4d1e" } }
      : undefined,
  );
  worker = await spawnHerald("worker", workerEnvFor(stack.t));
  browser = await launchChromium();
  acme = await createTenantWithKey(stack.t, "acme");
  const registered = await request(stack.t.app)
    .post("/api/v1/event-types")
    .set("authorization", stack.t.admin)
    .send({
      name: "order.created",
      description: "An order was placed",
      schema: { type: "object", properties: { amount: { type: "number" } }, title: "Order" },
    });
  expect(registered.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await receiver?.close();
  await stack?.close();
});

let page: Page;
newPageForEachTest(
  () => browser,
  (opened) => {
    page = opened;
  },
  { viewport: { width: 1280, height: 900 }, clipboard: true },
);

async function createViaApi(body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await request(stack.t.app).post("/api/v1/webhooks").set("authorization", stack.t.admin).send(body);
  expect(res.status).toBe(201);
  return res.body;
}

const apiWebhook = async (id: string) =>
  (await request(stack.t.app).get(`/api/v1/webhooks/${id}`).set("authorization", stack.t.admin)).body;

it("edits every setting of a webhook and the API answers them; a refused value is named beside its field", async () => {
  const hook = await createViaApi({ url: `${receiver.url}/settings`, events: ["order.created"] });
  await signIn(page, stack.base, stack.t.adminKey);
  await page.goto(`${stack.base}/console#/webhooks/${hook.id}`);
  await page.getByText("Edit", { exact: true }).click();
  const form = page.getByRole("form", { name: "Edit webhook" });

  // A pattern the API refuses: its message stands under the event-type field, and nothing is saved.
  await form.getByLabel("Event types (comma-separated, * wildcards)").fill("Not A Type!");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#edit-events-error").textContent()).resolves.toBe(
    "events.1: must be an event type (`invoice.updated`), a service wildcard (`invoice.*`) or `*`",
  );
  expect((await apiWebhook(hook.id)).events).toEqual(["order.created"]);

  await form.getByLabel("Endpoint URL").fill(`${receiver.url}/settings-v2`);
  await form.getByLabel("Event types (comma-separated, * wildcards)").fill("invoice.*");
  await form.getByLabel("Description").fill("Every setting from the console");
  await form.getByLabel("Payload filter (JSON, empty = every event)").fill('{"data.amount": {"$gte": 100}}');
  await form.getByLabel("Ordering").selectOption("fifo");
  await form.getByLabel("When a FIFO head is dead-lettered").selectOption("block");
  await form.getByLabel("Rate limit (deliveries per second, empty = unlimited)").fill("7");
  await form.getByLabel("Max in flight (empty = unlimited)").fill("3");
  await form.getByLabel("Signature scheme").selectOption("ed25519");
  await form.getByLabel("Notification email").fill("ops@acme.example");
  await form.getByLabel("Enabled", { exact: true }).uncheck();
  await form.getByRole("button", { name: "Save changes" }).click();
  await form.getByText("Saved.").waitFor();

  expect(await apiWebhook(hook.id)).toMatchObject({
    url: `${receiver.url}/settings-v2`,
    events: ["order.created", "invoice.*"],
    description: "Every setting from the console",
    filter: { "data.amount": { $gte: 100 } },
    ordering: "fifo",
    fifo_on_failure: "block",
    rate_limit: 7,
    max_in_flight: 3,
    signature_scheme: "ed25519",
    notification_email: "ops@acme.example",
    enabled: false,
  });
  await page.locator(".facts").getByText("fifo (on failure: block)").waitFor();
  await page.locator(".facts").getByText("7/s").waitFor();

  // Back to "none" for the optional ones: emptied fields are nulls.
  await form.getByLabel("Rate limit (deliveries per second, empty = unlimited)").fill("");
  await form.getByLabel("Notification email").fill("");
  await form.getByLabel("Payload filter (JSON, empty = every event)").fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await page.locator(".facts").getByText("unlimited").first().waitFor();
  expect(await apiWebhook(hook.id)).toMatchObject({ rate_limit: null, notification_email: null, filter: null });

  // Headers: names with their values only marked set; the same name replaces a value, and one can be removed.
  await page.getByText("Custom headers", { exact: true }).last().click();
  await page.getByLabel("Header name").fill("X-Token");
  await page.getByLabel(/Header value \(write-only/).fill("first-token-0a1b");
  await page.getByRole("button", { name: "Set header" }).click();
  const headers = page.getByRole("list", { name: "custom headers" });
  await headers.getByText("X-Token: value set").waitFor();
  await page.getByLabel("Header name").fill("X-Token");
  await page.getByLabel(/Header value \(write-only/).fill("second-token-2c3d");
  await page.getByRole("button", { name: "Set header" }).click();
  // The form is cleared once the API took the change.
  await eventually(async () => (await page.getByLabel(/Header value \(write-only/).inputValue()) === "", {
    what: "the header replaced",
  });
  await page.getByRole("button", { name: "Enable" }).click();
  await page.getByRole("button", { name: "Disable" }).waitFor();
  const before = receiver.requests.length;
  await page.getByRole("button", { name: "Send test" }).click();
  await page.getByText(/Delivered: HTTP 200/).waitFor();
  expect(receiver.requests[before]?.headers["x-token"]).toBe("second-token-2c3d");
  expect(await page.content()).not.toContain("second-token-2c3d");
  await screenshot(page, "webhook-settings");
});

it("tests a filter on one of the webhook's recent events, saved or typed", async () => {
  const hook = await createViaApi({ url: `${receiver.url}/filtered`, events: ["order.created"] });
  const published = await request(stack.t.app)
    .post("/api/v1/events")
    .set("authorization", stack.t.admin)
    .send({ type: "order.created", id: "order-250", data: { amount: 250 } });
  expect(published.status).toBe(202);
  await eventually(async () => (await stack.t.deps.db.delivery.count({ where: { webhookId: hook.id } })) === 1, {
    what: "the event's delivery",
  });

  await signIn(page, stack.base, stack.t.adminKey);
  await page.goto(`${stack.base}/console#/webhooks/${hook.id}`);
  await page.getByText("Test the payload filter on a recent event").click();
  await expect(page.getByLabel("Recent event").locator("option").allTextContents()).resolves.toEqual(["order-250"]);
  const filter = page.getByLabel("Filter to try (JSON, empty = the saved filter)");
  await filter.fill('{"data.amount": {"$gte": 100}}');
  await page.getByRole("button", { name: "Test filter" }).click();
  await page.getByRole("status", { name: "filter verdict" }).getByText("Matches: order.created order-250").waitFor();
  await filter.fill('{"data.amount": {"$gte": 1000}}');
  await page.getByRole("button", { name: "Test filter" }).click();
  await page
    .getByRole("status", { name: "filter verdict" })
    .getByText("Does not match: order.created order-250")
    .waitFor();
  await filter.fill('{"data.amount": ');
  await page.getByRole("button", { name: "Test filter" }).click();
  await expect(page.locator("#filter-test-filter-error").textContent()).resolves.toBe("filter: is not valid JSON");
  // Trying a filter saves nothing.
  expect((await apiWebhook(hook.id)).filter).toBeNull();
});

it("sends a test event of a chosen type and payload and shows the receiver's status, headers and body", async () => {
  const hook = await createViaApi({ url: `${receiver.url}/answers`, events: ["order.created"] });
  await signIn(page, stack.base, stack.t.adminKey);
  await page.goto(`${stack.base}/console#/webhooks/${hook.id}`);
  await page.getByLabel("Test event type").fill("order.created");
  await page.getByLabel("Test payload (JSON object)").fill('{"amount": 42, "note": "from the console"}');
  const before = receiver.requests.length;
  await page.getByRole("button", { name: "Send test" }).click();
  const answer = page.getByRole("status", { name: "test answer" });
  await answer.getByText(/^Delivered: HTTP 202 in \d+ ms$/).waitFor();
  await expect(answer.locator("pre.response-body").textContent()).resolves.toBe('{"received":"thanks-91c2"}');
  await answer.getByText("Response headers").click();
  await answer.getByText("x-receiver-note: queued-4d1e").waitFor();
  const sent = JSON.parse(receiver.requests[before]!.body);
  expect([sent.event, sent.data]).toEqual(["order.created", { amount: 42, note: "from the console" }]);
  await screenshot(page, "webhook-test-send");
});

it("creates a tenant's webhook from the catalog once, with a copyable secret, and clears the form", async () => {
  await signIn(page, stack.base, stack.t.adminKey);
  const form = page.getByRole("form", { name: "New webhook" });
  await form.getByLabel("Tenant").selectOption({ label: `acme (${acme.id})` });
  await form.getByLabel("Endpoint URL").fill(`${receiver.url}/created-once`);
  await form.getByText("Schema of order.created").click();
  await form.getByText('"title": "Order"').waitFor();
  await form.getByLabel("order.created").check();
  await form.getByLabel("Event types (comma-separated, * wildcards)").fill("invoice.*");
  // Two clicks in a row: one webhook.
  await form.getByRole("button", { name: "Create webhook" }).dblclick();
  const shown = page.getByText(/Signing secret \(shown once\): whsec_/);
  await shown.waitFor();
  await page
    .getByRole("row")
    .filter({ hasText: `${receiver.url}/created-once` })
    .waitFor();
  // Cleared: the next webhook starts from an empty form.
  await expect(form.getByLabel("Endpoint URL").inputValue()).resolves.toBe("");
  await expect(form.getByLabel("order.created").isChecked()).resolves.toBe(false);
  await expect(form.getByLabel("Tenant").inputValue()).resolves.toBe("");

  // And pressing the button again with the cleared form makes nothing; a positive control shows creates go through.
  await form.getByRole("button", { name: "Create webhook" }).click();
  await form.getByLabel("Endpoint URL").fill(`${receiver.url}/created-after`);
  await form.getByLabel("Event types (comma-separated, * wildcards)").fill("order.created");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await page
    .getByRole("row")
    .filter({ hasText: `${receiver.url}/created-after` })
    .waitFor();
  const rows = await stack.t.deps.db.webhook.findMany({ where: { url: `${receiver.url}/created-once` } });
  expect(rows.map((r) => [r.tenantId, r.events])).toEqual([[acme.id, ["order.created", "invoice.*"]]]);

  // The copy button puts the shown secret on the clipboard: the one Herald stored.
  const secretText = page.getByText(/Signing secret \(shown once\): whsec_/);
  await secretText.getByRole("button", { name: "Copy" }).click();
  await secretText.getByText("Copied").waitFor();
  const copied = await page.evaluate<string>("navigator.clipboard.readText()");
  await expect(secretText.locator("code").textContent()).resolves.toBe(copied);
  const after = await stack.t.deps.db.webhook.findFirstOrThrow({ where: { url: `${receiver.url}/created-after` } });
  expect(decrypt(after.secretEncrypted, stack.t.deps.config.encryptionKey)).toBe(copied);
  await screenshot(page, "webhook-create");
});
