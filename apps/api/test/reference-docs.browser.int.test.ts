import type { Browser, Page } from "playwright-core";
import { createWebhook } from "./helpers/db-fixtures.ts";
import { launchChromium } from "./helpers/browser.ts";
import { listen, type ListeningApp } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// A real browser (Debian's Chromium, driven by playwright-core) reads the
// reference at /docs and uses its try-it against the app on a loopback port.
// Generous: Swagger UI's bundle is parsed and rendered on a machine shared with other suites.
const WAIT_MS = 30_000;
const TEST_MS = 120_000;
let t: TestApp;
let listening: ListeningApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp("refdocs");
  listening = await listen(t);
  base = listening.origin;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await listening?.close();
  await t?.close();
});

interface Watched {
  page: Page;
  requests: { url: string; authorization: string | undefined }[];
  violations: () => Promise<string[]>;
  consoleErrors: string[];
}

/** A page that records every request it makes, every CSP violation and every console error. */
async function watchedPage(): Promise<Watched> {
  const page = await browser.newPage();
  const requests: Watched["requests"] = [];
  const consoleErrors: string[] = [];
  page.on("request", (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  // Runs in the page before its own scripts (as a string: this project compiles without DOM types).
  await page.addInitScript({
    content:
      "window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => " +
      "window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
  });
  const violations = () => page.evaluate<string[]>("window.cspViolations");
  return { page, requests, violations, consoleErrors };
}

/** Opens an operation by its summary, presses "Try it out" then "Execute", and answers the live response's text. */
async function tryIt(page: Page, summary: string): Promise<string> {
  const operation = page.locator(".opblock").filter({ has: page.getByText(summary, { exact: true }) });
  await operation.locator(".opblock-summary").first().click();
  await operation.getByRole("button", { name: "Try it out" }).click();
  await operation.getByRole("button", { name: "Execute" }).click();
  const live = operation.locator(".live-responses-table");
  await live.waitFor({ timeout: WAIT_MS });
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the text a person sees), not the DOM property
  return live.innerText();
}

it(
  "renders the real operations from /openapi.json, with every asset from this origin and no CSP violation",
  async () => {
    const w = await watchedPage();
    const response = await w.page.goto(`${base}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    for (const summary of [
      "Publish an event",
      "Create a webhook",
      "List webhooks, newest first",
      "Get an event with its deliveries",
    ]) {
      await w.page.getByText(summary, { exact: true }).first().waitFor({ timeout: WAIT_MS });
    }
    expect(w.requests.map((r) => r.url)).toEqual(expect.arrayContaining([`${base}/docs`, `${base}/openapi.json`]));
    expect(w.requests.filter((r) => new URL(r.url).origin !== base)).toEqual([]);
    expect(await w.violations()).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  },
  TEST_MS,
);

it(
  "tries a public call and, with a key typed into Authorize, a list call against this origin",
  async () => {
    const webhook = await createWebhook(t.deps.db, {
      url: "https://receiver.example/refdocs",
      events: ["docs.tried"],
      secret: "s3cret-value-1",
      encryptionKey: t.deps.config.encryptionKey,
    });
    const w = await watchedPage();
    await w.page.goto(`${base}/docs`);
    await w.page.getByText("Process is up", { exact: true }).first().waitFor({ timeout: WAIT_MS });

    const health = await tryIt(w.page, "Process is up");
    expect(health).toMatch(/200/);
    expect(health).toContain('"status": "ok"');

    await w.page
      .locator(".auth-wrapper")
      .getByRole("button", { name: /Authorize/ })
      .click();
    const dialog = w.page.locator(".modal-ux");
    await dialog.getByLabel("auth-bearer-value").fill(t.adminKey);
    await dialog.getByRole("button", { name: "Apply credentials" }).click();
    await dialog.getByRole("button", { name: "Close" }).click();

    const list = await tryIt(w.page, "List webhooks, newest first");
    expect(list).toMatch(/200/);
    expect(list).toContain(webhook.id);
    const sent = w.requests.find((r) => r.url.startsWith(`${base}/api/v1/webhooks`));
    expect(sent?.authorization).toBe(`Bearer ${t.adminKey}`);

    expect(w.requests.filter((r) => new URL(r.url).origin !== base)).toEqual([]);
    expect(await w.violations()).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  },
  TEST_MS,
);
