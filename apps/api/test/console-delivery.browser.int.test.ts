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
import { workerEnvFor } from "./helpers/worker-env.ts";

// The console's delivery page in a real browser against a real API, worker
// and receiver: what an operator reads when a delivery failed or waits.
let stack: AppOnPort;
let receiver: Receiver;
let worker: HeraldProcess;
let browser: Browser;
let flakyCalls = 0;

beforeAll(async () => {
  stack = await listenTestApp("console-delivery");
  receiver = await startReceiver((req) => {
    if (req.path === "/down") return { status: 500, body: "receiver is down" };
    if (req.path === "/flaky" && flakyCalls++ === 0) return { status: 502, body: "upstream down" };
    return undefined;
  });
  worker = await spawnHerald("worker", workerEnvFor(stack.t, { HERALD_RETRY_SCHEDULE: "1" }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await receiver?.close();
  await stack?.close();
});

const api = (method: "get" | "post", path: string) =>
  request(stack.t.app)[method](path).set("authorization", stack.t.admin);
const createHook = async (body: Record<string, unknown>) =>
  (await api("post", "/api/v1/webhooks").send(body).expect(201)).body;
async function publishOne(type: string, data: Record<string, unknown>): Promise<string> {
  const published = await api("post", "/api/v1/events").send({ type, data }).expect(202);
  const event = await api("get", `/api/v1/events/${published.body.id}`).expect(200);
  return event.body.deliveries[0].id;
}
const settled = (id: string, status: string) =>
  eventually(async () => (await api("get", `/api/v1/deliveries/${id}`)).body.status === status, {
    what: `delivery ${status}`,
  });

describe("/console delivery page", () => {
  let page: Page;
  newPageForEachTest(
    () => browser,
    (opened) => {
      page = opened;
    },
    { viewport: { width: 1280, height: 900 }, clipboard: true },
  );

  it("shows the event type, the payload, and each attempt's request headers and body as the receiver got them", async () => {
    await createHook({
      url: `${receiver.url}/flaky`,
      events: ["invoice.paid"],
      headers: { "X-Api-Key": "console-secret-77" },
    });
    const id = await publishOne("invoice.paid", { amount: 42, currency: "EUR" });
    await settled(id, "success");
    const [first, second] = receiver.requests.filter((r) => r.path === "/flaky");
    expect(first!.headers["x-api-key"]).toBe("console-secret-77");

    await signIn(page, stack.base, stack.t.adminKey);
    await page.goto(`${stack.base}/console#/deliveries/${id}`);
    await page.getByRole("heading", { name: `Delivery ${id} Copy` }).waitFor();
    await page.locator(".facts").getByText("invoice.paid", { exact: true }).waitFor();
    expect(await page.getByLabel("payload").textContent()).toContain('"amount": 42,\n    "currency": "EUR"');

    const attempts = page.locator("li.attempt");
    await attempts.nth(0).getByText("Request sent").click();
    const headers = attempts.nth(0).getByRole("table", { name: "request headers" });
    const value = async (name: string) =>
      (
        await headers
          .getByRole("row", { name: new RegExp(`^${name} `) })
          .locator("td")
          .textContent()
      )?.trim();
    expect(await value("x-api-key")).toBe("***");
    expect(await value("webhook-id")).toBe(id);
    expect(await value("x-webhook-attempt")).toBe("1");
    expect(await value("webhook-signature")).toBe(first!.headers["webhook-signature"]);
    expect(await value("webhook-timestamp")).toBe(first!.headers["webhook-timestamp"]);
    expect(await attempts.nth(0).locator("pre").first().textContent()).toBe(first!.body);
    await attempts.nth(0).getByText("Response", { exact: true }).click();
    await attempts.nth(0).getByText("upstream down").waitFor();

    await attempts.nth(1).getByText("Request sent").click();
    const secondHeaders = attempts.nth(1).getByRole("table", { name: "request headers" });
    expect(
      await secondHeaders
        .getByRole("row", { name: /^x-webhook-attempt / })
        .locator("td")
        .textContent(),
    ).toBe("2");
    expect(await attempts.nth(1).locator("pre").first().textContent()).toBe(second!.body);
    expect(await page.content()).not.toContain("console-secret-77");

    await page.getByRole("button", { name: "Copy delivery id" }).click();
    await page.getByRole("button", { name: "Copy delivery id" }).getByText("Copied").waitFor();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(id);
    await screenshot(page, "delivery-request");
  });

  it("says why a delivery is held: behind its FIFO line's head, linked", async () => {
    await createHook({
      url: `${receiver.url}/down`,
      events: ["line.step"],
      ordering: "fifo",
      fifo_on_failure: "block",
    });
    const head = await publishOne("line.step", { n: 1 });
    const second = await publishOne("line.step", { n: 2 });
    await settled(head, "failed");

    await signIn(page, stack.base, stack.t.adminKey);
    await page.goto(`${stack.base}/console#/deliveries/${second}`);
    const held = page.getByRole("status").filter({ hasText: "Held" });
    await held.waitFor();
    expect(await held.textContent()).toBe(
      `Held (fifo waiting): its webhook delivers in order; it waits behind delivery ${head} (the head of the line).`,
    );
    await held.getByRole("link", { name: "the head of the line" }).click();
    await page.getByRole("heading", { name: `Delivery ${head} Copy` }).waitFor();
  });
});
