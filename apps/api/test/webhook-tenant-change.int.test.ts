import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Issue 21, item 2: a webhook's delivery history stays with the tenant that
// made it. Moving a webhook to another tenant (or between global and a
// tenant) would hand the new owner the old one's deliveries to list and
// recover, so a change of tenant_id is refused: create a new webhook instead.
let t: TestApp;
let a: TenantWithKey;
let b: TenantWithKey;

beforeAll(async () => {
  t = await createTestApp("webhook-tenant");
  a = await createTenantWithKey(t, "tenant-a");
  b = await createTenantWithKey(t, "tenant-b");
});
afterAll(() => t.close());

const api = (method: "get" | "post" | "patch", path: string, auth: string) =>
  request(t.app)[method](`/api/v1${path}`).set("authorization", auth);

/** A's event to the webhook, its delivery dead-lettered (so recover would re-send it). */
async function failedDeliveryOf(webhookId: string): Promise<string> {
  const published = await api("post", "/events", a.auth).send({ type: "invoice.updated", data: { secret: "a-only" } });
  expect(published.status).toBe(202);
  const delivery = await t.deps.db.delivery.findFirstOrThrow({ where: { webhookId } });
  await t.deps.db.delivery.update({ where: { id: delivery.id }, data: { status: "failed", completedAt: new Date() } });
  return delivery.id;
}

function expectTenantRefused(res: request.Response): void {
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe("conflict");
  expect(res.body.error.details).toEqual([
    { field: "tenant_id", message: "tenant_id: a webhook's tenant cannot change; create a new webhook" },
  ]);
}

it("refuses to move A's webhook to B: B never lists or recovers A's deliveries", async () => {
  const hook = await createWebhook(t, a.auth, { url: "http://127.0.0.1:9/a-hook", description: "a's" });
  const deliveryId = await failedDeliveryOf(hook.id);

  expectTenantRefused(await api("patch", `/webhooks/${hook.id}`, t.admin).send({ tenant_id: b.id }));

  const row = await api("get", `/webhooks/${hook.id}`, t.admin);
  expect(row.body).toMatchObject({ tenant_id: a.id, description: "a's" });
  expect((await api("get", `/webhooks/${hook.id}/deliveries`, b.auth)).status).toBe(404);
  const recover = await api("post", `/webhooks/${hook.id}/recover`, b.auth).send({ since: "2020-01-01T00:00:00Z" });
  expect(recover.status).toBe(404);
  expect((await t.deps.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe("failed");
  // A still has its history.
  const listed = await api("get", `/webhooks/${hook.id}/deliveries`, a.auth);
  expect(listed.body.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
});

it("refuses global <-> tenant changes too, and leaves the row as it was", async () => {
  const global = await createWebhook(t, t.admin, { url: "http://127.0.0.1:9/global" });
  expectTenantRefused(await api("patch", `/webhooks/${global.id}`, t.admin).send({ tenant_id: a.id }));
  expect((await api("get", `/webhooks/${global.id}`, t.admin)).body.tenant_id).toBeNull();

  const owned = await createWebhook(t, a.auth, { url: "http://127.0.0.1:9/owned" });
  expectTenantRefused(await api("patch", `/webhooks/${owned.id}`, t.admin).send({ tenant_id: null }));
  expect((await api("get", `/webhooks/${owned.id}`, t.admin)).body.tenant_id).toBe(a.id);
});

it("still takes other changes, and a tenant_id that names the current tenant", async () => {
  const hook = await createWebhook(t, a.auth, { url: "http://127.0.0.1:9/kept" });
  const changed = await api("patch", `/webhooks/${hook.id}`, t.admin).send({ description: "renamed" });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ tenant_id: a.id, description: "renamed" });
  const same = await api("patch", `/webhooks/${hook.id}`, a.auth).send({ tenant_id: a.id, description: "again" });
  expect(same.status).toBe(200);
  expect(same.body).toMatchObject({ tenant_id: a.id, description: "again" });
  const global = await createWebhook(t, t.admin, { url: "http://127.0.0.1:9/global-kept" });
  const stillGlobal = await api("patch", `/webhooks/${global.id}`, t.admin).send({ tenant_id: null, enabled: false });
  expect(stillGlobal.status).toBe(200);
  expect(stillGlobal.body).toMatchObject({ tenant_id: null, enabled: false });
});
