import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "@herald/testkit";
import { type Browser, chromium, type Page } from "playwright-core";
import type { AppConfig } from "../../src/deps.ts";
import { listen } from "./listening-app.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The local Chromium or Chrome (see findChromium), headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("no Chromium or Chrome found: install one or set CHROME_PATH (npm test's preflight says how)");
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface AppOnPort {
  t: TestApp;
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/** A test app listening on a free loopback port, for a browser to reach. */
export async function listenTestApp(label: string, config: Partial<AppConfig> = {}): Promise<AppOnPort> {
  const t = await createTestApp(label, config);
  const listening = await listen(t);
  return {
    t,
    base: listening.origin,
    async close() {
      await listening.close();
      await t.close();
    },
  };
}

/**
 * Screenshots for the README and docs/console-and-portal.md land in docs/images/console-<name>.png when
 * HERALD_UPDATE_SCREENSHOTS=1, else in a temporary directory (taken anyway, so
 * the code path stays exercised).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir =
    process.env.HERALD_UPDATE_SCREENSHOTS === "1"
      ? path.join(repoRoot, "docs/images")
      : path.join(tmpdir(), "herald-console-screenshots");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `console-${name}.png`), fullPage: true });
}

/** Signs in to /console with a key through the form, as a person would. */
export async function signIn(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Webhooks" }).waitFor();
}

type Seen = ReturnType<typeof watchPage>;

/**
 * Each test (of the file, or of the describe block it is called in) on a new browser context and page,
 * 1280×860 unless `viewport` says otherwise, with the clipboard allowed when asked; `open` receives the
 * page and what it saw before each test. After each test the page must have had no CSP violation and
 * no uncaught error.
 */
export function newPageForEachTest(
  browser: () => Browser,
  open: (page: Page, seen: Seen) => void,
  { viewport = { width: 1280, height: 860 }, clipboard = false } = {},
): void {
  let current: { page: Page; seen: Seen } | undefined;
  beforeEach(async () => {
    const context = await browser().newContext({ viewport });
    if (clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    current = { page, seen: watchPage(page) };
    open(page, current.seen);
  });
  afterEach(async () => {
    if (!current) return;
    const { page, seen } = current;
    current = undefined;
    await page.context().close();
    expect({ cspViolations: seen.cspViolations, errors: seen.errors }).toEqual({ cspViolations: [], errors: [] });
  });
}

/** Collects what would mean the page is broken or attacked: dialogs, CSP violations, uncaught errors. */
export function watchPage(page: Page): { dialogs: string[]; cspViolations: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], cspViolations: [] as string[], errors: [] as string[] };
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.cspViolations.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  return seen;
}
