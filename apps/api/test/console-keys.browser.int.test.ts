import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { launchChromium, type AppOnPort, listenTestApp, newPageForEachTest, signIn } from "./helpers/browser.ts";

// The console's new-key form (issue 23: a blank "Tenant id" minted an admin
// key). A tenant key is for the tenant picked; an admin key only when
// "Admin key" is chosen.
let stack: AppOnPort;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await listenTestApp("console-keys");
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
newPageForEachTest(
  () => browser,
  (opened) => {
    page = opened;
  },
);

const keyRow = (name: string) => stack.t.deps.db.apiKey.findFirst({ where: { name } });

it("mints a tenant key for the tenant picked, and an admin key only when Admin key is chosen", async () => {
  const tenant = await request(stack.t.app)
    .post("/api/v1/tenants")
    .set("authorization", stack.t.admin)
    .send({ name: "Acme" });
  await signIn(page, stack.base, stack.t.adminKey);
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByRole("heading", { name: "New key" }).waitFor();

  // A tenant key is the default, and the tenant must be picked: no blank that means "admin".
  await page.getByLabel("Name").fill("acme backend");
  await page.getByRole("button", { name: "Create tenant key" }).click();
  expect(
    await page
      .getByLabel("Tenant")
      .evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
  ).toBe(true);
  await page.getByLabel("Tenant").selectOption({ label: `Acme (${tenant.body.id})` });
  await page.getByRole("button", { name: "Create tenant key" }).click();
  await page.getByRole("status").getByText(/^hk_/).waitFor();
  expect(await keyRow("acme backend")).toMatchObject({ role: "tenant", tenantId: tenant.body.id });

  await page.getByLabel("Name").fill("ops laptop");
  await page.getByLabel("Kind").selectOption("admin");
  expect(await page.getByLabel("Tenant").count()).toBe(0);
  await page.getByRole("button", { name: "Create admin key" }).click();
  await page.getByRole("cell", { name: "ops laptop" }).waitFor();
  expect(await keyRow("ops laptop")).toMatchObject({ role: "admin", tenantId: null });
  expect(await stack.t.deps.db.apiKey.count()).toBe(2);
});
