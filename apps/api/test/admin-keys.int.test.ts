import request from "supertest";
import { ensureAdminKey } from "../src/bootstrap-admin-key.ts";
import { memoryLogger } from "./helpers/memory-logger.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Issue 23, item 6: no lock-out. Without HERALD_ADMIN_KEY the admin keys in
// the database are the only way in, so the last active one is never revoked,
// and an admin key is minted only when asked for by name (`admin: true`).
let t: TestApp;
let bootstrap: string;
beforeAll(async () => {
  t = await createTestApp("admin-keys", { adminKey: undefined });
  bootstrap = `Bearer ${await ensureAdminKey({ db: t.deps.db, logger: memoryLogger().logger })}`;
});
afterAll(() => t.close());

const create = (body: object, auth = bootstrap) =>
  request(t.app).post("/api/v1/api-keys").set("authorization", auth).send(body);
const revoke = (id: string, auth = bootstrap) =>
  request(t.app).delete(`/api/v1/api-keys/${id}`).set("authorization", auth);
const activeAdminKeys = () => t.deps.db.apiKey.count({ where: { role: "admin", revokedAt: null } });
/** Until `n` other sessions of this database wait on a lock. */
async function waitForLockWaiters(n: number): Promise<void> {
  for (;;) {
    const [{ waiting }] = await t.deps.db.$queryRaw<[{ waiting: number }]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
    if (waiting >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const fieldsOf = (res: request.Response) => res.body.error.details.map((d: { field: string }) => d.field);

describe("POST /api-keys: an admin key only with admin: true", () => {
  it("refuses a key that names neither a tenant nor admin: true, naming both fields", async () => {
    for (const body of [{ name: "blank" }, { name: "blank", tenant_id: null }, { name: "blank", admin: false }]) {
      const res = await create(body);
      expect([res.status, res.body.error.code, fieldsOf(res)]).toEqual([
        400,
        "validation_error",
        ["tenant_id", "admin"],
      ]);
      expect(res.body.error.details[0].message).toBe(
        "tenant_id: give tenant_id for a tenant key, or admin: true for an admin key",
      );
    }
  });

  it("refuses a tenant with admin: true, naming both fields", async () => {
    const tenant = await request(t.app).post("/api/v1/tenants").set("authorization", bootstrap).send({ name: "acme" });
    const res = await create({ name: "both", tenant_id: tenant.body.id, admin: true });
    expect([res.status, fieldsOf(res)]).toEqual([400, ["tenant_id", "admin"]]);
    const plain = await create({ name: "tenant key", tenant_id: tenant.body.id });
    expect([plain.status, plain.body.role, plain.body.tenant_id]).toEqual([201, "tenant", tenant.body.id]);
  });

  it("mints an admin key for admin: true", async () => {
    const res = await create({ name: "second admin", admin: true });
    expect([res.status, res.body.role, res.body.tenant_id]).toEqual([201, "admin", null]);
    expect((await request(t.app).get("/api/v1/tenants").set("authorization", `Bearer ${res.body.key}`)).status).toBe(
      200,
    );
    await revoke(res.body.id).expect(204);
  });
});

describe("DELETE /api-keys/:id: never the last active admin key", () => {
  it("revokes an admin key while another is active, then refuses the last one with 409", async () => {
    const spare = await create({ name: "spare admin", admin: true });
    expect(await activeAdminKeys()).toBe(2);
    await revoke(spare.body.id).expect(204);
    const [own] = await t.deps.db.apiKey.findMany({ where: { role: "admin", revokedAt: null } });
    const last = await revoke(own!.id);
    expect([last.status, last.body.error.code, last.body.error.details[0].field]).toEqual([409, "conflict", "id"]);
    expect(last.body.error.message).toBe(
      "this is the last active admin key: create another admin key first (POST /api/v1/api-keys with admin: true); " +
        "docs/api-keys.md says how to get back in without one",
    );
    expect(await activeAdminKeys()).toBe(1);
    expect((await request(t.app).get("/api/v1/tenants").set("authorization", bootstrap)).status).toBe(200);
  });

  it("of two revocations at once of the last two admin keys, one passes and one is refused", async () => {
    const [own] = await t.deps.db.apiKey.findMany({ where: { role: "admin", revokedAt: null } });
    const other = await create({ name: "other admin", admin: true });
    const otherAuth = `Bearer ${other.body.key}`;
    expect(await activeAdminKeys()).toBe(2);
    // Each key revokes the other, at once, and both reach their writes together: the rows are held
    // (FOR UPDATE) until both revocations wait on a lock, so each has read what it reads before either writes.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = t.deps.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL FOR UPDATE`;
        await released;
      },
      { timeout: 30_000 },
    );
    const revocations = Promise.all([revoke(own!.id, otherAuth), revoke(other.body.id, bootstrap)]);
    await waitForLockWaiters(2);
    release();
    await holding;
    const answers = await revocations;
    expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await activeAdminKeys()).toBe(1);
  });

  it("with HERALD_ADMIN_KEY set, that key remains, so the last admin key row may go (positive control)", async () => {
    const withEnvKey = await createTestApp("admin-keys-env");
    try {
      const row = await request(withEnvKey.app)
        .post("/api/v1/api-keys")
        .set("authorization", withEnvKey.admin)
        .send({ name: "only row", admin: true });
      expect(await withEnvKey.deps.db.apiKey.count({ where: { role: "admin", revokedAt: null } })).toBe(1);
      await request(withEnvKey.app)
        .delete(`/api/v1/api-keys/${row.body.id}`)
        .set("authorization", withEnvKey.admin)
        .expect(204);
    } finally {
      await withEnvKey.close();
    }
  });
});
