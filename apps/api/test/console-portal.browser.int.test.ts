import { eventually } from "@herald/testkit";
import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { launchChromium, type AppOnPort, listenTestApp, screenshot, watchPage } from "./helpers/browser.ts";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";

// The tenant portal in a real browser: a link shows one tenant's webhooks and
// nothing else, dies when revoked or expired, and only an allowed origin can
// frame it.
let stack: AppOnPort;
let browser: Browser;
let acme: TenantWithKey;
let rival: TenantWithKey;
let acmeHook: { id: string };
let rivalHook: { id: string };
const embedders: Server[] = [];
let allowedOrigin: string;
let deniedOrigin: string;

/** A page on another loopback origin that embeds the given URL in an iframe. */
async function embedder(): Promise<{ origin: string; server: Server }> {
  const server = http.createServer((req, res) => {
    const src = new URL(req.url ?? "/", "http://x").searchParams.get("src") ?? "";
    res.setHeader("content-type", "text/html");
    res.end(
      `<!doctype html><title>embedder</title><iframe title="portal" width="900" height="600" src="${src.replace(/"/g, "&quot;")}"></iframe>`,
    );
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  embedders.push(server);
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  const allowed = await embedder();
  const denied = await embedder();
  allowedOrigin = allowed.origin;
  deniedOrigin = denied.origin;
  stack = await listenTestApp("console-portal", { portalFrameAncestors: [allowedOrigin] });
  stack.t.deps.config.publicUrl = stack.base;
  acme = await createTenantWithKey(stack.t, "acme");
  rival = await createTenantWithKey(stack.t, "rival");
  acmeHook = await createWebhook(stack.t, acme.auth, {
    url: "https://acme.example.com/hooks",
    description: "Acme orders",
  });
  rivalHook = await createWebhook(stack.t, rival.auth, {
    url: "https://rival.example.com/hooks",
    description: "Rival secrets",
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const server of embedders) await new Promise((resolve) => server.close(resolve));
  await stack?.close();
});

async function mint(tenantId: string, body: Record<string, unknown> = {}): Promise<{ id: string; url: string }> {
  const res = await request(stack.t.app)
    .post(`/api/v1/tenants/${tenantId}/portal-sessions`)
    .set("authorization", stack.t.admin)
    .send(body);
  expect(res.status).toBe(201);
  return res.body;
}

async function freshPage(): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  return { page, seen: watchPage(page) };
}

it("serves /console/portal frameable by the configured origin only", async () => {
  const res = await request(stack.t.app).get("/console/portal");
  expect(res.headers["content-security-policy"]).toMatch(new RegExp(`; frame-ancestors ${allowedOrigin}$`));
  expect((await request(stack.t.app).get("/console")).headers["content-security-policy"]).toMatch(
    /; frame-ancestors 'none'$/,
  );

  const link = await mint(acme.id);
  const { page } = await freshPage();
  await page.goto(`${allowedOrigin}/?src=${encodeURIComponent(link.url)}`);
  await page.frameLocator("iframe").getByRole("link", { name: "https://acme.example.com/hooks" }).waitFor();

  const refused = await freshPage();
  const refusals: string[] = [];
  refused.page.on("console", (m) => void (/frame-ancestors/.test(m.text()) && refusals.push(m.text())));
  await refused.page.goto(`${deniedOrigin}/?src=${encodeURIComponent((await mint(acme.id)).url)}`);
  const frame = refused.page.frames().find((f) => f !== refused.page.mainFrame())!;
  await frame.waitForLoadState("load");
  await eventually(() => refusals.length > 0, { what: "Chromium refusing to frame the portal" });
  expect(await frame.locator("#app").count()).toBe(0);

  // The operator console itself is never frameable.
  const consoleFramed = await freshPage();
  await consoleFramed.page.goto(`${allowedOrigin}/?src=${encodeURIComponent(`${stack.base}/console`)}`);
  const consoleFrame = consoleFramed.page.frames().find((f) => f !== consoleFramed.page.mainFrame())!;
  await consoleFrame.waitForLoadState("load");
  expect(await consoleFrame.locator("#app").count()).toBe(0);
  for (const p of [page, refused.page, consoleFramed.page]) await p.context().close();
});

it("shows only its tenant, takes the token out of the address bar, and cannot reach admin pages or another tenant's ids", async () => {
  const link = await mint(acme.id);
  expect(new URL(link.url).pathname).toBe("/console/portal");
  const { page, seen } = await freshPage();
  await page.goto(link.url);
  await page.getByRole("link", { name: "https://acme.example.com/hooks" }).waitFor();
  expect(page.url()).not.toContain("token");
  expect(page.url()).not.toContain("hps_");
  await expect(page.getByText("https://rival.example.com/hooks").count()).resolves.toBe(0);
  await expect(page.getByLabel("API key").count()).resolves.toBe(0);
  for (const hidden of ["Tenants", "API keys", "Audit log"])
    await expect(page.getByRole("link", { name: hidden }).count()).resolves.toBe(0);
  await screenshot(page, "portal");

  await page.goto(`${stack.base}/console/portal#/tenants`);
  await page.getByRole("heading", { name: "Not available" }).waitFor();
  await page.goto(`${stack.base}/console/portal#/webhooks/${rivalHook.id}`);
  await page.getByRole("alert").waitFor();
  await expect(page.getByText("https://rival.example.com/hooks").count()).resolves.toBe(0);
  await expect(page.getByText("Rival secrets").count()).resolves.toBe(0);
  // What the page holds cannot do more than the page shows.
  const statuses = await page.evaluate(async (rivalId) => {
    // Runs in the page (DOM globals, which the Node-side type check does not know).
    const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } })
      .sessionStorage;
    const auth = { authorization: `Bearer ${storage.getItem("herald.portal.token")}` };
    return Promise.all(
      ["/api/v1/tenants", "/api/v1/api-keys", "/api/v1/audit-logs", `/api/v1/webhooks/${rivalId}`].map(
        async (path) => (await fetch(path, { headers: auth })).status,
      ),
    );
  }, rivalHook.id);
  expect(statuses).toEqual([403, 403, 403, 404]);
  await page.goto(`${stack.base}/console/portal#/webhooks/${acmeHook.id}`);
  await page.getByText("Acme orders").waitFor();
  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
  await page.context().close();
});

it("refuses a revoked link, an expired one, and a link without a token", async () => {
  const revoked = await mint(acme.id);
  const { page } = await freshPage();
  await page.goto(revoked.url);
  await page.getByRole("link", { name: "https://acme.example.com/hooks" }).waitFor();
  const revoke = await request(stack.t.app)
    .delete(`/api/v1/tenants/${acme.id}/portal-sessions/${revoked.id}`)
    .set("authorization", stack.t.admin);
  expect(revoke.status).toBe(204);
  await page.reload();
  await page.getByText("This portal link is not valid").waitFor();
  await expect(page.getByText("https://acme.example.com/hooks").count()).resolves.toBe(0);
  expect(await page.evaluate<string | null>(`sessionStorage.getItem("herald.portal.token")`)).toBeNull();

  const expired = await mint(acme.id, { ttl_seconds: 60 });
  await stack.t.deps.db.portalSession.update({
    where: { id: expired.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const late = await freshPage();
  await late.page.goto(expired.url);
  await late.page.getByText("This portal link is not valid").waitFor();
  await expect(late.page.getByText("https://acme.example.com/hooks").count()).resolves.toBe(0);

  const bare = await freshPage();
  await bare.page.goto(`${stack.base}/console/portal`);
  await bare.page.getByText("This portal link is not valid").waitFor();
  await expect(bare.page.getByLabel("API key").count()).resolves.toBe(0);
  for (const p of [page, late.page, bare.page]) await p.context().close();
});
