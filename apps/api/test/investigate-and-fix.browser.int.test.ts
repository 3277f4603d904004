import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { launchChromium, type AppOnPort, listenTestApp, signIn, watchPage } from "./helpers/browser.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Issue 23's walk, in a real browser against a real API, worker and receiver: an operator finds a
// failed delivery by event type and time, reads the headers and body that were sent, fixes the
// webhook's settings from the console, retries that webhook's dead letters only, and sees it succeed.
// The receiver accepts only `x-api-token: right`; the webhook was set up with the wrong value. A second
// webhook's dead letter of the same type is the positive control: the scoped retry leaves it alone.
let stack: AppOnPort;
let receiver: Receiver;
let worker: HeraldProcess;
let browser: Browser;

beforeAll(async () => {
  stack = await listenTestApp("investigate");
  receiver = await startReceiver((req) =>
    req.path === "/billing" && req.headers["x-api-token"] === "right"
      ? { status: 200, body: '{"booked":true}', headers: { "content-type": "application/json" } }
      : { status: req.path === "/billing" ? 401 : 503, body: req.path === "/billing" ? "bad token" : "down" },
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

async function webhook(path: string, headers?: Record<string, string>): Promise<string> {
  const res = await request(stack.t.app)
    .post("/api/v1/webhooks")
    .set("authorization", stack.t.admin)
    .send({ url: `${receiver.url}${path}`, events: ["invoice.*"], ...(headers ? { headers } : {}) });
  expect(res.status).toBe(201);
  return res.body.id;
}

const statusOf = async (id: string) => (await stack.t.deps.db.delivery.findUniqueOrThrow({ where: { id } })).status;

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as a datetime-local input takes it in a UTC browser. */
const localInput = (at: Date) => at.toISOString().slice(0, 19);

it("finds a failed delivery by type and time, shows what was sent, fixes the webhook and retries its DLQ only", async () => {
  const billing = await webhook("/billing", { "x-api-token": "wrong" });
  const archive = await webhook("/archive");
  const before = new Date(Date.now() - 1000);
  const published = await request(stack.t.app)
    .post("/api/v1/events")
    .set("authorization", stack.t.admin)
    .send({ type: "invoice.paid", data: { invoice: "inv_7", amount: 990 } });
  expect(published.status).toBe(202);
  const deliveries = await eventually(
    async () => {
      const rows = await stack.t.deps.db.delivery.findMany({ where: { event: { type: "invoice.paid" } } });
      return rows.length === 2 && rows.every((d) => d.status === "failed") ? rows : undefined;
    },
    { what: "both deliveries dead-lettered (two attempts each, schedule 1)", timeoutMs: 60_000 },
  );
  const billingDelivery = deliveries.find((d) => d.webhookId === billing)!.id;
  const archiveDelivery = deliveries.find((d) => d.webhookId === archive)!.id;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC" });
  const page: Page = await context.newPage();
  const seen = watchPage(page);
  try {
    await signIn(page, stack.base, stack.t.adminKey);
    await page.getByRole("link", { name: "Deliveries" }).click();
    const filters = page.getByRole("form", { name: "filters" });

    // By type and time: a window that ends before the publish finds nothing; one from it finds both.
    await filters.getByLabel("Status").selectOption("failed");
    await filters.getByLabel("Event type").fill("invoice.*");
    await filters.getByLabel("Until").fill(localInput(new Date(before.getTime() - 60_000)));
    await filters.getByRole("button", { name: "Apply" }).click();
    await page.getByText("No deliveries match.").waitFor();
    await filters.getByLabel("Until").fill("");
    await filters.getByLabel("Since").fill(localInput(before));
    await filters.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("link", { name: billingDelivery, exact: true }).waitFor();
    await page.getByRole("link", { name: archiveDelivery, exact: true }).waitFor();

    // What was sent: the headers (the custom value masked) and the body, and what the receiver said.
    await page.getByRole("link", { name: billingDelivery, exact: true }).click();
    await page.getByRole("heading", { name: /Attempt 2: failed HTTP 401/ }).waitFor();
    const [firstSent] = receiver.requests.filter((r) => r.path === "/billing");
    expect(firstSent!.headers["x-api-token"]).toBe("wrong");
    const attempt = page.locator("li.attempt").nth(1);
    await attempt.getByText("Request sent").click();
    const header = async (name: string) =>
      (
        await attempt
          .getByRole("table", { name: "request headers" })
          .getByRole("row", { name: new RegExp(`^${name} `) })
          .locator("td")
          .textContent()
      )?.trim();
    expect(await header("x-api-token")).toBe("***");
    expect(await header("x-webhook-attempt")).toBe("2");
    expect(await header("webhook-id")).toBe(firstSent!.headers["webhook-id"]);
    const body = await attempt.locator("pre").first().textContent();
    expect(JSON.parse(body!)).toMatchObject({ event: "invoice.paid", data: { invoice: "inv_7", amount: 990 } });
    expect(body).toBe(firstSent!.body);
    await attempt.getByText("Response", { exact: true }).click();
    await attempt.getByText("bad token").waitFor();

    // Fix the webhook from the console: replace the header's value (write-only).
    await page.getByRole("link", { name: billing, exact: true }).click();
    await page.locator("summary", { hasText: "Custom headers" }).click();
    await page.getByLabel("Header name").fill("x-api-token");
    await page.getByLabel(/Header value/).fill("right");
    await page.getByRole("button", { name: "Set header" }).click();
    // The form is cleared once the API has taken the new value.
    await eventually(async () => (await page.getByLabel("Header name").inputValue()) === "", {
      what: "the header form cleared after the PATCH",
    });

    // Retry that webhook's dead letters only, after the count.
    await page.getByRole("link", { name: "Dead letters" }).click();
    const dlqFilters = page.getByRole("form", { name: "filters" });
    await dlqFilters.getByLabel("Webhook id").fill(billing);
    await dlqFilters.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("link", { name: archiveDelivery, exact: true }).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Retry all" }).click();
    await page.getByText("Retry 1 delivery?").waitFor();
    await page.getByRole("button", { name: "Yes, retry 1" }).click();
    await page.getByRole("status").getByText("Retried 1 delivery.").waitFor();

    await eventually(async () => (await statusOf(billingDelivery)) === "success", {
      what: "the billing delivery delivered after the fix and the scoped retry",
      timeoutMs: 60_000,
    });
    expect(await statusOf(archiveDelivery)).toBe("failed");
    const accepted = receiver.requests.filter((r) => r.path === "/billing" && r.headers["x-api-token"] === "right");
    expect(accepted.map((r) => r.headers["x-webhook-attempt"])).toEqual(["3"]);
    expect(JSON.parse(accepted[0]!.body).data).toEqual({ invoice: "inv_7", amount: 990 });

    await page.goto(`${stack.base}/console#/deliveries/${billingDelivery}`);
    await page.getByRole("heading", { name: /Attempt 3: success HTTP 200/ }).waitFor();
    expect({ csp: seen.cspViolations, errors: seen.errors }).toEqual({ csp: [], errors: [] });
  } finally {
    await context.close();
  }
}, 180_000);
