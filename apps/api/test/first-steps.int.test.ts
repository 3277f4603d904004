import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// What a newcomer meets first, over real HTTP: Herald's origin leads to the console, and a webhook
// refused for pointing at their own machine says which setting allows it (and that `npm run dev` does).
let t: TestApp;
let api: ListeningApp;

beforeAll(async () => {
  t = await createTestApp("first-steps", { allowHttp: false, allowPrivateTargets: false });
  api = await listen(t);
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

it("redirects GET / to the console", async () => {
  const res = await fetch(`${api.origin}/`, { redirect: "manual" });
  expect([res.status, res.headers.get("location")]).toEqual([302, "/console"]);
  const followed = await fetch(`${api.origin}/`);
  expect([followed.status, followed.url, followed.headers.get("content-type")]).toEqual([
    200,
    `${api.origin}/console`,
    "text/html; charset=utf-8",
  ]);
});

async function createWebhook(url: string): Promise<{ status: number; body: { error: { message: string } } }> {
  const res = await fetch(`${api.origin}/api/v1/webhooks`, {
    method: "POST",
    headers: { authorization: t.admin, "content-type": "application/json" },
    body: JSON.stringify({ url, events: ["invoice.paid"] }),
  });
  return { status: res.status, body: (await res.json()) as { error: { message: string } } };
}

it("refuses a loopback target naming HERALD_ALLOW_PRIVATE_TARGETS and npm run dev", async () => {
  const refused = await createWebhook("https://127.0.0.1:4000/webhooks");
  expect([refused.status, refused.body.error.message]).toEqual([
    422,
    "url targets a non-public address (127.0.0.1, loopback); set HERALD_ALLOW_PRIVATE_TARGETS=true to allow it, " +
      "or run Herald with `npm run dev` on your own machine",
  ]);
});

it("refuses an http target naming HERALD_ALLOW_HTTP and npm run dev", async () => {
  const refused = await createWebhook("http://hooks.example.com/in");
  expect([refused.status, refused.body.error.message]).toEqual([
    422,
    "url must use https (set HERALD_ALLOW_HTTP=true to allow http, or run Herald with `npm run dev` on your own machine)",
  ]);
});
