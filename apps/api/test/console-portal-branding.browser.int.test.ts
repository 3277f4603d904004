import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { launchChromium, type AppOnPort, listenTestApp, screenshot, signIn, watchPage } from "./helpers/browser.ts";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";

// A branded portal link in Chromium: the tenant's name, the link's title (as text), colour, dark mode and logo
// (allowed by the page's CSP for that one origin); usable at phone width without sideways scrolling, and with
// the keyboard alone.
let stack: AppOnPort;
let browser: Browser;
let acme: TenantWithKey;

const LOGO_ORIGIN = "https://logo.acme-brand.example";
// A 1x1 PNG, served by the browser's own request interception: the CSP still decides whether it may be asked for.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const branding = {
  title: "Acme <b>Webhooks</b> & Co",
  primary_color: "#0b7a75",
  logo_url: `${LOGO_ORIGIN}/logo.png`,
  dark_mode: true,
};

beforeAll(async () => {
  stack = await listenTestApp("console-portal-branding");
  stack.t.deps.config.publicUrl = stack.base;
  acme = await createTenantWithKey(stack.t, "Acme Corp");
  await createWebhook(stack.t, acme.auth, {
    url: "https://acme.example.com/a-rather-long-path/that/goes/on/and/on/webhooks?source=herald-portal",
    description: "Acme orders",
  });
  await request(stack.t.app)
    .post("/api/v1/event-types")
    .set("authorization", stack.t.admin)
    .send({ name: "order.created", description: "An order was placed" })
    .expect(201);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function mint(body: Record<string, unknown>): Promise<string> {
  const res = await request(stack.t.app)
    .post(`/api/v1/tenants/${acme.id}/portal-sessions`)
    .set("authorization", stack.t.admin)
    .send(body);
  expect(res.status).toBe(201);
  return res.body.url;
}

async function portalPage(width: number): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
  await page.route(`${LOGO_ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: "image/png", body: PNG }));
  return { page, seen: watchPage(page) };
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate<boolean>("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth");

it("shows the tenant's name and the link's title, colour, dark mode and logo", async () => {
  const { page, seen } = await portalPage(1280);
  await page.goto(await mint({ branding }));
  await page.getByRole("link", { name: /acme\.example\.com/ }).waitFor();
  const brand = page.locator("header .brand");
  await expect(brand.locator("strong").textContent()).resolves.toBe("Acme <b>Webhooks</b> & Co");
  await expect(brand.locator("b").count()).resolves.toBe(0);
  await brand.getByText("· Acme Corp").waitFor();
  await expect(page.title()).resolves.toBe("Acme <b>Webhooks</b> & Co");
  // The accent is the link's colour; dark mode darkens the page.
  await expect(page.evaluate<string>(`getComputedStyle(document.querySelector("header nav a")).color`)).resolves.toBe(
    "rgb(11, 122, 117)",
  );
  await expect(
    page.evaluate<string>("getComputedStyle(document.documentElement).getPropertyValue('--accent')"),
  ).resolves.toBe("#0b7a75");
  await expect(page.evaluate<string>("getComputedStyle(document.documentElement).backgroundColor")).resolves.toBe(
    "rgb(21, 25, 30)",
  );
  const logo = brand.locator("img.logo");
  await expect(logo.getAttribute("src")).resolves.toBe(`${LOGO_ORIGIN}/logo.png`);
  await expect(
    page.evaluate<number>(
      `(() => { const img = document.querySelector("header img.logo"); return img.complete && img.naturalWidth; })()`,
    ),
  ).resolves.toBe(1);
  await screenshot(page, "portal-branded");
  expect(seen.cspViolations).toEqual([]);
  expect(seen.errors).toEqual([]);
  await page.context().close();
});

it("keeps Herald's look without branding, still naming the tenant", async () => {
  const { page, seen } = await portalPage(1280);
  await page.goto(await mint({}));
  await page.getByRole("link", { name: /acme\.example\.com/ }).waitFor();
  await expect(page.locator("header .brand strong").textContent()).resolves.toBe("Webhooks portal");
  await page.locator("header .brand").getByText("· Acme Corp").waitFor();
  await expect(page.locator("header .brand img").count()).resolves.toBe(0);
  await expect(
    page.evaluate<string>("getComputedStyle(document.documentElement).getPropertyValue('--accent')"),
  ).resolves.toBe("#0b5fff");
  expect(seen.cspViolations).toEqual([]);
  await page.context().close();
});

it("does not scroll sideways at phone width (375 px), on the list and on a webhook's page", async () => {
  const { page, seen } = await portalPage(375);
  await page.goto(await mint({ branding }));
  await page.getByRole("link", { name: /acme\.example\.com/ }).waitFor();
  expect(await noSidewaysScroll(page)).toBe(true);
  await page.getByRole("link", { name: /acme\.example\.com/ }).click();
  await page.getByText("Acme orders").waitFor();
  await page.getByText("Edit", { exact: true }).click();
  await page.getByRole("button", { name: "Save changes" }).waitFor();
  expect(await noSidewaysScroll(page)).toBe(true);
  await screenshot(page, "portal-phone");
  expect(seen.cspViolations).toEqual([]);
  await page.context().close();
});

/** Presses Tab until the focused element is `selector`; fails past `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}

it("creates a webhook with the keyboard alone", async () => {
  const { page, seen } = await portalPage(1280);
  await page.goto(await mint({ branding }));
  await page.getByRole("link", { name: /acme\.example\.com/ }).waitFor();
  await tabTo(page, "#new-url");
  await page.keyboard.type("https://keyboard.acme.example/hooks");
  await tabTo(page, "#new-type-order\\.created");
  await page.keyboard.press("Space");
  await tabTo(page, "#new-description");
  await page.keyboard.type("Made with Tab, Space and Enter");
  await tabTo(page, "form[aria-label='New webhook'] button[type=submit]");
  await page.keyboard.press("Enter");
  await page.getByText(/Signing secret \(shown once\): whsec_/).waitFor();
  const rows = await stack.t.deps.db.webhook.findMany({ where: { url: "https://keyboard.acme.example/hooks" } });
  expect(rows.map((r) => [r.tenantId, r.events, r.description])).toEqual([
    [acme.id, ["order.created"], "Made with Tab, Space and Enter"],
  ]);
  expect(seen.cspViolations).toEqual([]);
  expect(seen.errors).toEqual([]);
  await page.context().close();
});

it("mints a branded link from the console's tenants page, naming a refused logo beside its field", async () => {
  const { page, seen } = await portalPage(1280);
  await signIn(page, stack.base, stack.t.adminKey);
  await page.getByRole("link", { name: "Tenants" }).click();
  const row = page.getByRole("row").filter({ hasText: "Acme Corp" });
  await row.getByText("Portal link", { exact: true }).click();
  const form = row.getByRole("form", { name: "Mint a portal link" });
  await form.getByLabel("Portal title (optional)").fill("Acme from the console");
  await form.getByLabel("Own colour").check();
  await form.getByLabel("Colour", { exact: true }).fill("#aa3300");
  await form.getByLabel("Logo URL (https, optional)").fill("http://logo.acme-brand.example/logo.png");
  await form.getByLabel("Dark mode").check();
  await form.getByRole("button", { name: "Mint portal link" }).click();
  // Under the logo field itself.
  await expect(form.locator(`[id$="-logo_url-error"]`).textContent()).resolves.toBe(
    "branding.logo_url: must be an https URL of an image, on a host name (no credentials)",
  );
  await form.getByLabel("Logo URL (https, optional)").fill(`${LOGO_ORIGIN}/logo.png`);
  await form.getByRole("button", { name: "Mint portal link" }).click();
  const link = await row
    .getByText(/Portal link \(shown once, valid 1 h\)/)
    .locator("code")
    .textContent();
  const session = await stack.t.deps.db.portalSession.findFirstOrThrow({
    where: { tenantId: acme.id },
    orderBy: { createdAt: "desc" },
  });
  expect(session.branding).toEqual({
    title: "Acme from the console",
    primary_color: "#aa3300",
    logo_url: `${LOGO_ORIGIN}/logo.png`,
    dark_mode: true,
  });
  await page.goto(link!);
  await expect(page.locator("header .brand strong").textContent()).resolves.toBe("Acme from the console");
  expect(seen.cspViolations).toEqual([]);
  await page.context().close();
});
