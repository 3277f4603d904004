import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { launchChromium, type AppOnPort, listenTestApp, screenshot, newPageForEachTest } from "./helpers/browser.ts";
import { createTenant, createWebhook } from "./helpers/db-fixtures.ts";

// The console's delivery search in a real browser (Debian's Chromium): the
// dead-letter queue filtered by event type, and a retry-all of that scope that
// shows its count before it asks; full ids with a copy button; the portal's
// deliveries page. Rows are written directly: no worker runs, so a retried
// delivery stays pending for the test to read.
let stack: AppOnPort;
let browser: Browser;
const ids: Record<string, string> = {};
let acmeId: string;

beforeAll(async () => {
  stack = await listenTestApp("console-search");
  browser = await launchChromium();
  const { db } = stack.t.deps;
  acmeId = (await createTenant(db, "acme")).id;
  const globexId = (await createTenant(db, "globex")).id;
  const hook = (tenantId: string) =>
    createWebhook(db, {
      url: `https://receiver.example/${tenantId}`,
      secret: "s3cret-value-1",
      encryptionKey: stack.t.deps.config.encryptionKey,
      tenantId,
    });
  const acmeHook = await hook(acmeId);
  const globexHook = await hook(globexId);
  const rows: [string, string, string, string][] = [
    ["paid", "invoice.paid", acmeId, acmeHook.id],
    ["customer", "customer.created", acmeId, acmeHook.id],
    ["refunded", "invoice.refunded", acmeId, acmeHook.id],
    ["rival", "invoice.paid", globexId, globexHook.id],
  ];
  for (const [name, type, tenantId, webhookId] of rows) {
    const event = await db.event.create({ data: { type, tenantId, data: { name } } });
    const delivery = await db.delivery.create({
      data: { eventId: event.id, webhookId, tenantId, status: "failed", attemptCount: 3, lastStatusCode: 500 },
    });
    ids[name] = delivery.id;
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const statusOf = async (name: string) =>
  (await stack.t.deps.db.delivery.findUniqueOrThrow({ where: { id: ids[name]! } })).status;
const rowIds = (page: Page) => page.locator("tbody tr td:first-child code.id").allTextContents();

describe("delivery search in the console", () => {
  let page: Page;
  newPageForEachTest(
    () => browser,
    (opened) => {
      page = opened;
    },
    { clipboard: true },
  );

  it("filters the dead letters by event type and retries that scope after showing how many", async () => {
    await page.goto(`${stack.base}/console`);
    await page.getByLabel("API key").fill(stack.t.adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Dead letters" }).click();
    await page.getByRole("link", { name: ids.rival!, exact: true }).waitFor();
    expect((await rowIds(page)).sort()).toEqual([ids.paid, ids.customer, ids.refunded, ids.rival].sort());

    await page.getByLabel("Event type").fill("invoice.*");
    await page.getByLabel("Tenant id").fill(acmeId);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("link", { name: ids.rival!, exact: true }).waitFor({ state: "detached" });
    expect(await rowIds(page)).toEqual([ids.refunded, ids.paid]);
    const eventTypes = await page.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(eventTypes).toEqual(["invoice.refunded", "invoice.paid"]);

    await page.getByRole("button", { name: "Retry all" }).click();
    await page.getByText("Retry 2 deliveries?").waitFor();
    await screenshot(page, "dlq-retry-scope");
    // Asking changed nothing.
    expect(await Promise.all(["paid", "customer", "refunded", "rival"].map(statusOf))).toEqual([
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    await page.getByRole("button", { name: "Yes, retry 2" }).click();
    await page.getByText("Retried 2 deliveries.").waitFor();
    expect(await Promise.all(["paid", "customer", "refunded", "rival"].map(statusOf))).toEqual([
      "pending",
      "failed",
      "pending",
      "failed",
    ]);
    await page.getByText("Nothing in the dead-letter queue.").waitFor();

    // Full ids, copyable; on a phone-sized screen the table scrolls in its box, not the page.
    await page.getByRole("button", { name: "Clear" }).click();
    await page.getByRole("link", { name: ids.customer!, exact: true }).waitFor();
    await page.getByRole("button", { name: `Copy ${ids.customer}` }).click();
    await page
      .getByRole("button", { name: `Copy ${ids.customer}` })
      .getByText("Copied")
      .waitFor();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(ids.customer);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
  });

  it("lists a portal's own deliveries on its Deliveries page, filtered by status and type", async () => {
    const link = await request(stack.t.app)
      .post(`/api/v1/tenants/${acmeId}/portal-sessions`)
      .set("authorization", stack.t.admin)
      .send({})
      .expect(201);
    const url = new URL(link.body.url);
    await page.goto(`${stack.base}${url.pathname}${url.hash}`);
    await page.getByRole("link", { name: "Deliveries", exact: true }).click();
    await page.getByRole("link", { name: ids.customer!, exact: true }).waitFor();
    expect((await rowIds(page)).sort()).toEqual([ids.paid, ids.customer, ids.refunded].sort());
    await expect(page.getByLabel("Tenant id").count()).resolves.toBe(0);

    await page.getByLabel("Status").selectOption("failed");
    await page.getByLabel("Event type").fill("customer.*");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("link", { name: ids.paid!, exact: true }).waitFor({ state: "detached" });
    expect(await rowIds(page)).toEqual([ids.customer]);
    await page.getByRole("cell", { name: "customer.created" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "portal-deliveries-phone");
    expect(await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
  });
});
