import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import {
  launchChromium,
  type AppOnPort,
  listenTestApp,
  screenshot,
  signIn,
  type watchPage,
  newPageForEachTest,
} from "./helpers/browser.ts";
import { createTenantWithKey, createWebhook } from "./helpers/fixtures.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// The operator console in a real browser (Debian's Chromium) against a real
// API and worker: the flows an operator relies on, end to end.
let stack: AppOnPort;
let receiver: Receiver;
let worker: HeraldProcess;
let browser: Browser;
let healed = false;

beforeAll(async () => {
  stack = await listenTestApp("console");
  // /ok always answers 200; /flaky answers 500 until the test heals it.
  receiver = await startReceiver((req) =>
    req.path.startsWith("/flaky") && !healed
      ? { status: 500, body: "upstream down" }
      : { status: 200, body: '{"received":true}', headers: { "content-type": "application/json" } },
  );
  worker = await spawnHerald("worker", workerEnvFor(stack.t, { HERALD_RETRY_SCHEDULE: "1" }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await receiver?.close();
  await stack?.close();
});

async function deliveryOf(eventId: string) {
  return eventually(async () => (await stack.t.deps.db.delivery.findMany({ where: { eventId } }))[0], {
    what: "the event's delivery",
  });
}

describe("/console", () => {
  let page: Page;
  let seen: ReturnType<typeof watchPage>;
  newPageForEachTest(
    () => browser,
    (opened, saw) => {
      page = opened;
      seen = saw;
    },
  );

  it("is served with a strict CSP, no cookie and no inline code", async () => {
    const res = await request(stack.t.app).get("/console");
    expect(res.status).toBe(200);
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
    const js = await request(stack.t.app).get("/console/app.js");
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toMatch(/javascript/);
    expect(js.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  });

  it("refuses a wrong key and keeps the right one for the tab only", async () => {
    await page.goto(`${stack.base}/console`);
    await page.getByLabel("API key").fill("hk_not-a-real-key-000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("API key").waitFor();
    // Keyboard only: type the key and press Enter, then reach a section by Tab.
    await page.getByLabel("API key").focus();
    await page.keyboard.type(stack.t.adminKey);
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Dead letters" }).waitFor();
    for (
      let i = 0;
      i < 10 && (await page.evaluate<string | undefined>("document.activeElement?.textContent")) !== "Dead letters";
      i++
    )
      await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Dead letters" }).waitFor();
    expect(await page.context().cookies()).toEqual([]);
    expect(await page.evaluate<number>("localStorage.length")).toBe(0);
    // A new tab (same browser context) has its own sessionStorage: signed out.
    const other = await page.context().newPage();
    await other.goto(`${stack.base}/console`);
    await other.getByLabel("API key").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await page.evaluate<number>("sessionStorage.length")).toBe(0);
  });

  it("creates a webhook, sends a test, shows a delivery's attempts; a failing delivery reaches the DLQ and a retry from it succeeds", async () => {
    await signIn(page, stack.base, stack.t.adminKey);

    await page.getByLabel("Endpoint URL").fill(`${receiver.url}/ok`);
    await page.getByLabel("Event types").fill("order.created");
    await page.getByLabel("Description").fill("Orders to the warehouse");
    await page.getByRole("button", { name: "Create webhook" }).click();
    await page.getByText(/Signing secret \(shown once\): whsec_/).waitFor();
    const row = page.getByRole("row").filter({ hasText: `${receiver.url}/ok` });
    await row.getByText("enabled").waitFor();

    await row.getByRole("link", { name: `${receiver.url}/ok` }).click();
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText(/Delivered: HTTP 200 in \d+ ms/).waitFor();
    expect(receiver.requests.some((r) => r.path === "/ok")).toBe(true);
    await screenshot(page, "webhook");

    const [webhook] = await stack.t.deps.db.webhook.findMany({ where: { url: `${receiver.url}/ok` } });
    const published = await request(stack.t.app)
      .post("/api/v1/events")
      .set("authorization", stack.t.admin)
      .send({ type: "order.created", data: { order: 1 } });
    expect(published.status).toBe(202);
    const delivery = await deliveryOf(published.body.id);
    await eventually(
      async () => (await stack.t.deps.db.delivery.findUnique({ where: { id: delivery.id } }))?.status === "success",
      { what: "delivered" },
    );
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("link", { name: delivery.id, exact: true }).click();
    await page.getByRole("heading", { name: /Attempt 1: success HTTP 200, \d+ ms/ }).waitFor();
    await page.getByText("Response", { exact: true }).click();
    await page.getByText('{"received":true}').waitFor();
    await screenshot(page, "delivery");

    // Events of one type, newest first, each a link to the event and where it went.
    await page.getByRole("link", { name: "Events", exact: true }).click();
    await page.getByLabel("Event type").fill("order.created");
    await page.getByRole("button", { name: "List" }).click();
    await page.getByRole("link", { name: published.body.id }).click();
    await page.getByRole("heading", { name: new RegExp(`order\\.created ${published.body.id}`) }).waitFor();
    await page.locator(`a[href="#/deliveries/${delivery.id}"]`).waitFor();

    // The list shows the webhook's health: circuit, 24 h success rate over its attempts, last delivery.
    await page.getByRole("link", { name: "Webhooks" }).click();
    const healthy = page.getByRole("row").filter({ hasText: `${receiver.url}/ok` });
    await healthy.getByText("circuit closed").waitFor();
    await healthy.getByText("100% of 1 attempts").waitFor();
    await healthy.getByRole("img", { name: /attempts per hour over 24 h: 1 succeeded, 0 failed/ }).waitFor();
    expect(await healthy.locator("canvas").count()).toBe(1);
    await screenshot(page, "webhooks");
    expect(webhook).toBeDefined();

    // A failing endpoint: two attempts (schedule "1"), then the dead-letter queue.
    const flaky = await request(stack.t.app)
      .post("/api/v1/webhooks")
      .set("authorization", stack.t.admin)
      .send({ url: `${receiver.url}/flaky`, events: ["invoice.paid"] });
    expect(flaky.status).toBe(201);
    const failing = await request(stack.t.app)
      .post("/api/v1/events")
      .set("authorization", stack.t.admin)
      .send({ type: "invoice.paid", data: { invoice: 7 } });
    const dead = await deliveryOf(failing.body.id);
    await eventually(
      async () => (await stack.t.deps.db.delivery.findUnique({ where: { id: dead.id } }))?.status === "failed",
      { what: "dead-lettered" },
    );

    await page.getByRole("link", { name: "Dead letters" }).click();
    const deadRow = page.getByRole("row").filter({ hasText: dead.id });
    await deadRow.getByText(/500/).waitFor();
    await deadRow.getByText(`${receiver.url}/flaky`).waitFor();
    await screenshot(page, "dlq");

    healed = true;
    await deadRow.getByRole("button", { name: "Retry" }).click();
    await eventually(
      async () => (await stack.t.deps.db.delivery.findUnique({ where: { id: dead.id } }))?.status === "success",
      { what: "delivered after the console's retry" },
    );
    await page.goto(`${stack.base}/console#/deliveries/${dead.id}`);
    await page.getByRole("heading", { name: /^Delivery / }).waitFor();
    // Every attempt stays listed: the two that failed before the retry and the one that succeeded,
    // numbered on across the retry (issue 23: the retry's attempt was "Attempt 1" again).
    await page.getByRole("heading", { name: /Attempt 3: success HTTP 200/ }).waitFor();
    expect(await page.getByRole("heading", { name: /Attempt [12]: failed HTTP 500/ }).count()).toBe(2);

    // Charts from Postgres: the attempts above, by outcome, and their latency.
    await page.getByRole("link", { name: "Charts" }).click();
    await page.getByRole("img", { name: /attempts per minute: 2 succeeded, 2 failed, \d+ dead-lettered/ }).waitFor();
    await page.getByRole("img", { name: /attempt latency per minute/ }).waitFor();
    expect(await page.locator(".chart canvas").count()).toBe(2);
    await screenshot(page, "charts");

    // On a phone-sized screen the page does not scroll sideways (wide tables scroll in their own box).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("link", { name: `${receiver.url}/ok` }).waitFor();
    expect(await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
  });

  it("edits, disables and enables, rotates the secret of, filters the deliveries of, and deletes a webhook", async () => {
    const created = await request(stack.t.app)
      .post("/api/v1/webhooks")
      .set("authorization", stack.t.admin)
      .send({ url: `${receiver.url}/manage`, events: ["manage.test"] });
    expect(created.status).toBe(201);
    const published = await request(stack.t.app)
      .post("/api/v1/events")
      .set("authorization", stack.t.admin)
      .send({ type: "manage.test", data: {} });
    const delivery = await deliveryOf(published.body.id);
    await eventually(
      async () => (await stack.t.deps.db.delivery.findUnique({ where: { id: delivery.id } }))?.status === "success",
      { what: "delivered" },
    );

    await signIn(page, stack.base, stack.t.adminKey);
    await page.goto(`${stack.base}/console#/webhooks/${created.body.id}`);
    await page.getByText("Edit").click();
    await page.getByLabel("Description").fill("Managed from the console");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Managed from the console", { exact: true }).first().waitFor();
    expect((await stack.t.deps.db.webhook.findUnique({ where: { id: created.body.id } }))?.description).toBe(
      "Managed from the console",
    );

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText(/^disabled/).waitFor();
    await page.getByRole("button", { name: "Enable" }).click();
    await page.locator(".facts").getByText("enabled").waitFor();

    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("button", { name: /Rotate the signing secret\? Yes, rotate secret/ }).click();
    const shown = await page.getByText(/New secret \(shown once\): whsec_/).textContent();
    expect(shown).not.toContain(created.body.secret);

    await page.getByLabel("Status").selectOption("failed");
    await page.getByText("No deliveries.").waitFor();
    await page.getByLabel("Status").selectOption("success");
    await page.getByRole("link", { name: delivery.id, exact: true }).waitFor();

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: /Delete this webhook\? Yes, delete/ }).click();
    await page.getByText("Webhook deleted.").waitFor();
    expect(
      (await request(stack.t.app).get(`/api/v1/webhooks/${created.body.id}`).set("authorization", stack.t.admin))
        .status,
    ).toBe(404);
  });

  it("opens a delivery's own event when two tenants published the same event id", async () => {
    const deliveries: string[] = [];
    for (const name of ["console-a", "console-b"]) {
      const tenant = await createTenantWithKey(stack.t, name);
      const hook = await createWebhook(stack.t, tenant.auth, {
        url: `${receiver.url}/${name}`,
        events: ["shared.thing"],
      });
      const published = await request(stack.t.app)
        .post("/api/v1/events")
        .set("authorization", tenant.auth)
        .send({ id: "console-shared-1", type: "shared.thing", data: { from: name } });
      expect(published.body).toEqual({ id: "console-shared-1", deliveries: 1 });
      deliveries.push((await stack.t.deps.db.delivery.findFirstOrThrow({ where: { webhookId: hook.id } })).id);
    }

    await signIn(page, stack.base, stack.t.adminKey);
    for (const [i, name] of ["console-a", "console-b"].entries()) {
      await page.goto(`${stack.base}/console#/deliveries/${deliveries[i]}`);
      await page.getByRole("link", { name: "console-shared-1" }).click();
      await page.getByRole("heading", { name: "shared.thing console-shared-1" }).waitFor();
      await page.getByText(`"from": "${name}"`).waitFor();
      await page.locator(`a[href="#/deliveries/${deliveries[i]}"]`).waitFor();
    }
  });

  it("shows a webhook's custom headers by name with their values only marked set, sets one and removes one", async () => {
    const created = await request(stack.t.app)
      .post("/api/v1/webhooks")
      .set("authorization", stack.t.admin)
      .send({
        url: `${receiver.url}/headers`,
        events: ["headers.test"],
        headers: { "X-Api-Key": "console-key-3e9a1f" },
      })
      .expect(201);
    await signIn(page, stack.base, stack.t.adminKey);
    await page.goto(`${stack.base}/console#/webhooks/${created.body.id}`);
    await page.getByText("Custom headers", { exact: true }).last().click();
    const list = page.getByRole("list", { name: "custom headers" });
    await list.getByText("X-Api-Key: value set").waitFor();

    await page.getByLabel("Header name").fill("X-Added");
    await page.getByLabel(/Header value \(write-only/).fill("console-added-7b20c4");
    await page.getByRole("button", { name: "Set header" }).click();
    await list.getByText("X-Added: value set").waitFor();
    await page.getByRole("button", { name: "Remove X-Api-Key" }).click();
    await page.getByRole("button", { name: /Remove the X-Api-Key header\? Yes, remove x-api-key/ }).click();
    await list.getByText("X-Api-Key: value set").waitFor({ state: "detached" });
    await screenshot(page, "webhook-headers");
    expect(await page.content()).not.toContain("console-key-3e9a1f");
    expect(await page.content()).not.toContain("console-added-7b20c4");

    const before = receiver.requests.length;
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText(/Delivered: HTTP 200/).waitFor();
    const sent = receiver.requests[before]!;
    expect([sent.path, sent.headers["x-added"], sent.headers["x-api-key"]]).toEqual([
      "/headers",
      "console-added-7b20c4",
      undefined,
    ]);
  });

  it("pages a list forward and back, and starts a list on its first page when its filter changes", async () => {
    const names = Array.from({ length: 26 }, (_, i) => `paging-tenant-${String(i).padStart(2, "0")}`);
    for (const name of names)
      await request(stack.t.app).post("/api/v1/tenants").set("authorization", stack.t.admin).send({ name }).expect(201);
    for (let i = 0; i < 26; i++)
      await request(stack.t.app)
        .post("/api/v1/events")
        .set("authorization", stack.t.admin)
        .send({ type: "paging.bulk", data: { i } })
        .expect(202);
    const newest = await request(stack.t.app)
      .post("/api/v1/events")
      .set("authorization", stack.t.admin)
      .send({ type: "paging.newest", data: {} })
      .expect(202);

    await signIn(page, stack.base, stack.t.adminKey);
    const tenantNames = () => page.locator("tbody tr td:first-child").allTextContents();
    await page.getByRole("link", { name: "Tenants" }).click();
    await page.getByText("Page 1").waitFor();
    await page.locator("tbody tr").nth(24).waitFor();
    const first = await tenantNames();
    expect(first).toHaveLength(25);
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("Page 2").waitFor();
    await page.getByRole("button", { name: "Next page", disabled: true }).waitFor();
    const second = await tenantNames();
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(names.filter((name) => !first.includes(name) && !second.includes(name))).toEqual([]);
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByText("Page 1").waitFor();
    await page.getByRole("button", { name: "Previous page", disabled: true }).waitFor();
    expect(await tenantNames()).toEqual(first);

    // Page 2 of all events, then one type: the newest event of that type is on the list's first page.
    await page.getByRole("link", { name: "Events", exact: true }).click();
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("Page 2").waitFor();
    await page.getByLabel("Event type").fill("paging.newest");
    await page.getByRole("button", { name: "List" }).click();
    await page.getByRole("link", { name: newest.body.id }).waitFor();
    await page.getByText("Page 1").waitFor();
  });

  it("renders hostile text from webhooks and event types as text", async () => {
    const hostile = [`<script>alert("xss-script")</script>`, `"><img src=x onerror=alert("xss-img")>`];
    for (const description of hostile) {
      const res = await request(stack.t.app)
        .post("/api/v1/webhooks")
        .set("authorization", stack.t.admin)
        .send({ url: `${receiver.url}/ok`, events: ["xss.test"], description });
      expect(res.status).toBe(201);
    }
    const type = await request(stack.t.app)
      .post("/api/v1/event-types")
      .set("authorization", stack.t.admin)
      .send({ name: "xss.test", description: hostile[0], schema: { title: hostile[1], type: "object" } });
    expect(type.status).toBe(201);

    await signIn(page, stack.base, stack.t.adminKey);
    for (const text of hostile) await page.getByText(text, { exact: true }).first().waitFor();
    await page.getByRole("link", { name: "Event types" }).click();
    await page.getByText(hostile[0]!, { exact: true }).waitFor();
    await page.getByText(`JSON Schema: ${hostile[1]}`).click();
    await page.getByText(`"title": ${JSON.stringify(hostile[1])}`).waitFor();
    await screenshot(page, "event-types");

    expect(seen.dialogs).toEqual([]);
    expect(await page.locator("#app img, #app script").count()).toBe(0);
    expect(await page.evaluate<number>(`document.querySelectorAll("img[src='x'], script:not([src])").length`)).toBe(0);
  });
});
