import request from "supertest";
import type { TestApp } from "./test-app.ts";

export interface TenantWithKey {
  id: string;
  key: string;
  /** `Authorization` header value for the tenant's key. */
  auth: string;
}

/** A tenant and a key scoped to it, made through the API like a user would. */
export async function createTenantWithKey(t: TestApp, name: string): Promise<TenantWithKey> {
  const tenant = await request(t.app).post("/api/v1/tenants").set("authorization", t.admin).send({ name });
  if (tenant.status !== 201) throw new Error(`tenant create failed: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  const key = await request(t.app)
    .post("/api/v1/api-keys")
    .set("authorization", t.admin)
    .send({ name: `${name} key`, tenant_id: tenant.body.id });
  if (key.status !== 201) throw new Error(`key create failed: ${key.status} ${JSON.stringify(key.body)}`);
  return { id: tenant.body.id, key: key.body.key, auth: `Bearer ${key.body.key}` };
}

export async function createWebhook(
  t: TestApp,
  auth: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown> & { id: string; secret: string }> {
  const res = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "https://127.0.0.1:9/hook", events: ["invoice.updated"], ...body });
  if (res.status !== 201) throw new Error(`webhook create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
