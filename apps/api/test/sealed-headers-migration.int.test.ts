import { randomBytes } from "node:crypto";
import { decrypt, encrypt } from "@herald/crypto";
import { createDb, sqlPool, uuidv7 } from "@herald/db";
import { createOlderDatabase } from "@herald/db/testing";
import {
  dumpDatabase,
  eventually,
  type HeraldProcess,
  type Receiver,
  spawnHerald,
  startReceiver,
} from "@herald/testkit";
import request from "supertest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// A webhook an older Herald stored with its custom header values in clear:
// migrating moves them aside (SQL cannot seal), the first worker to start
// seals them with HERALD_ENCRYPTION_KEY, and the receiver still gets the
// real values.
const hookId = uuidv7();
const encryptionKey = randomBytes(32).toString("hex");
const clearValues = { Authorization: "Bearer legacy-token-5d21c9", "X-Tenant": "legacy-tenant-8f03aa" };
let t: TestApp;
let receiver: Receiver;
let worker: HeraldProcess | undefined;

async function fillOldSchema(url: string): Promise<void> {
  const db = createDb({ url, poolSize: 1 });
  try {
    await sqlPool(db).query(
      "INSERT INTO webhooks (id, url, events, secret_encrypted, headers, updated_at) VALUES ($1, $2, '{legacy.headers}', $3, $4, now())",
      [hookId, `${receiver.url}/legacy`, encrypt("s3cret-value-1", encryptionKey), JSON.stringify(clearValues)],
    );
  } finally {
    await db.$disconnect();
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  const older = await createOlderDatabase("legacy_headers", "20261202123647_portal_sessions");
  try {
    await fillOldSchema(older.url);
    t = await createTestApp("legacy_headers", { encryptionKey }, { database: await older.migrateRest() });
  } catch (err) {
    await older.drop();
    throw err;
  }
});
afterAll(async () => {
  await worker?.stop();
  await receiver.close();
  await t?.close();
});

const rowText = async () =>
  (
    await t.deps.db.$queryRaw<Array<{ row: string }>>`SELECT w::text AS row FROM webhooks w WHERE id = ${hookId}::uuid`
  )[0]!.row;

it("seals clear header values when a worker starts, answers them masked and still delivers the real values", async () => {
  // Migrated, not yet sealed: the clear values sit aside, where nothing answers or sends them.
  expect(await rowText()).toContain("legacy-token-5d21c9");
  worker = await spawnHerald("worker", workerEnvFor(t));
  await eventually(async () => !(await rowText()).includes("legacy-token-5d21c9"), { what: "headers sealed" });

  const row = await t.deps.db.webhook.findUniqueOrThrow({ where: { id: hookId } });
  expect(row.unsealedHeaders).toBeNull();
  const sealed = row.sealedHeaders as Record<string, string>;
  expect(Object.keys(sealed).sort()).toEqual(["Authorization", "X-Tenant"]);
  expect(decrypt(sealed.Authorization!, encryptionKey)).toBe("Bearer legacy-token-5d21c9");
  expect(decrypt(sealed["X-Tenant"]!, encryptionKey)).toBe("legacy-tenant-8f03aa");
  const dump = await dumpDatabase(t.database.url);
  expect(dump).toContain(hookId);
  expect(dump).not.toContain("legacy-token-5d21c9");
  expect(dump).not.toContain("legacy-tenant-8f03aa");
  expect(worker.output()).toContain("sealed the custom header values of 1 webhook(s) stored in clear");

  const read = await request(t.app).get(`/api/v1/webhooks/${hookId}`).set("authorization", t.admin).expect(200);
  expect(read.body.headers).toEqual({ Authorization: "***", "X-Tenant": "***" });
  await request(t.app)
    .post("/api/v1/events")
    .set("authorization", t.admin)
    .send({ type: "legacy.headers", data: {} })
    .expect(202);
  const [got] = await receiver.waitForRequests(1, 20_000);
  expect(got!.path).toBe("/legacy");
  expect([got!.headers.authorization, got!.headers["x-tenant"]]).toEqual([
    "Bearer legacy-token-5d21c9",
    "legacy-tenant-8f03aa",
  ]);
});
