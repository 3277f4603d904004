import request from "supertest";
import { createApp } from "../src/app.ts";
import { API_KEY_CACHE_MS, createApiKeyCache } from "../src/middleware/api-key-cache.ts";
import { createTenant, createTenantKey } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// hk_ keys are cached per API instance for at most a second: a revocation
// through one instance holds at once there and within a second on the others.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("api_key_cache");
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const list = (app: typeof t.app, auth: string) => request(app).get("/api/v1/webhooks").set("authorization", auth);

it("a key revoked on one instance is refused there at once and on another within a second", async () => {
  const tenant = await createTenant(t.deps.db, "cached");
  const auth = await createTenantKey(t.deps.db, tenant.id);
  // A second API instance over the same database: its own cache.
  const other = createApp({ ...t.deps, apiKeys: createApiKeyCache(t.deps.db) });
  expect((await list(t.app, auth)).status).toBe(200);
  expect((await list(other, auth)).status).toBe(200);
  const key = await t.deps.db.apiKey.findFirstOrThrow({ where: { tenantId: tenant.id } });
  expect((await request(t.app).delete(`/api/v1/api-keys/${key.id}`).set("authorization", t.admin)).status).toBe(204);
  expect((await list(t.app, auth)).status).toBe(401);
  await sleep(API_KEY_CACHE_MS + 50);
  expect((await list(other, auth)).status).toBe(401);
});

it("deleting a tenant revokes its keys at once on the instance that deleted it", async () => {
  const tenant = await createTenant(t.deps.db, "doomed");
  const auth = await createTenantKey(t.deps.db, tenant.id);
  expect((await list(t.app, auth)).status).toBe(200);
  expect((await request(t.app).delete(`/api/v1/tenants/${tenant.id}`).set("authorization", t.admin)).status).toBe(204);
  expect((await list(t.app, auth)).status).toBe(401);
});

it("looks a key up once per second, however many requests use it", async () => {
  const tenant = await createTenant(t.deps.db, "busy");
  const auth = await createTenantKey(t.deps.db, tenant.id);
  let queries = 0;
  const counting = new Proxy(t.deps.db, {
    get(target, prop, receiver) {
      if (prop !== "apiKey") return Reflect.get(target, prop, receiver);
      const delegate = target.apiKey;
      return new Proxy(delegate, {
        get: (d, p) =>
          p === "findUnique"
            ? (...args: Parameters<typeof delegate.findUnique>) => {
                queries++;
                return d.findUnique(...args);
              }
            : Reflect.get(d, p),
      });
    },
  });
  const app = createApp({ ...t.deps, db: counting, apiKeys: createApiKeyCache(counting) });
  const answers = await Promise.all(Array.from({ length: 20 }, () => list(app, auth)));
  expect(answers.every((r) => r.status === 200)).toBe(true);
  expect(queries).toBe(1);
  await sleep(API_KEY_CACHE_MS + 50);
  expect((await list(app, auth)).status).toBe(200);
  expect(queries).toBe(2);
});
