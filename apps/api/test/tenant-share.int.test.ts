import { sqlPool, uuidv7 } from "@herald/db";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Issue 21: one tenant's large bodies must not make every other tenant's
// requests wait behind them. Each tenant has 256 KiB of bodies in processing
// at most (HERALD_TENANT_BYTES_IN_FLIGHT's default); past that its next
// request waits for one of its own, while other tenants' go on.
let t: TestApp;
let a: TenantWithKey;
let b: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("tenant-share");
  a = await createTenantWithKey(t, "a");
  b = await createTenantWithKey(t, "b");
});
afterAll(() => t.close());

const api = (path: string) => `/api/v1${path}`;
const filterTest = (auth: string, id: string) =>
  request(t.app)
    .post(api(`/webhooks/${id}/filter/test`))
    .set("authorization", auth)
    .send({ payload: { type: "share.checked", data: { pad: "x".repeat(100_000) } } });

it("holds a tenant's request while its own large ones are in processing, and no other tenant's", async () => {
  const hookA = await createWebhook(t, a.auth, { events: ["share.checked"] });
  const hookB = await createWebhook(t, b.auth, { events: ["share.checked"] });
  // An open transaction holds the id A publishes, so A's 200 KB publish stays in processing until it ends.
  const heldId = "held-by-test-1";
  const holder = await sqlPool(t.deps.db).connect();
  const answered: string[] = [];
  try {
    await holder.query("BEGIN");
    await holder.query(
      "INSERT INTO event_keys (event_id, public_id, tenant_id, idempotency_key, created_at) VALUES ($1, $2, $3, NULL, now())",
      [uuidv7(), heldId, a.id],
    );
    const publishA = request(t.app)
      .post(api("/events"))
      .set("authorization", a.auth)
      .send({ id: heldId, type: "share.checked", data: { pad: "y".repeat(200_000) } })
      .then((res) => {
        answered.push("publish A");
        return res;
      });
    // The publish is in its statement once the event's row lock is awaited by a backend.
    await waitForLockWait(t);
    const testA = filterTest(a.auth, hookA.id).then((res) => {
      answered.push("filter test A");
      return res;
    });
    // Positive control: the same request of another tenant, sent after A's, is answered, twice.
    expect((await filterTest(b.auth, hookB.id)).status).toBe(200);
    expect((await filterTest(b.auth, hookB.id)).status).toBe(200);
    expect(answered).toEqual([]);
    await holder.query("ROLLBACK");
    const [published, tested] = await Promise.all([publishA, testA]);
    expect([published.status, tested.status]).toEqual([202, 200]);
    expect(answered).toEqual(["publish A", "filter test A"]);
  } finally {
    await holder.query("ROLLBACK").catch(() => undefined);
    holder.release();
  }
});

/** Until some backend of the test's database waits for a transaction lock (the held event id). */
async function waitForLockWait(app: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await sqlPool(app.deps.db).query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows.rowCount) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the publish never waited for the held id");
}
