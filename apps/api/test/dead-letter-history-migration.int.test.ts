import { randomBytes } from "node:crypto";
import { encrypt } from "@herald/crypto";
import { createDb, sqlPool, uuidv7 } from "@herald/db";
import { createOlderDatabase } from "@herald/db/testing";
import request from "supertest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// History an older Herald wrote (before the no_quiet_loss migration): a
// delivery in the dead-letter queue after three attempts, and one delivered
// after two. Migrating marks the dead letter's last attempt, so the charts
// keep counting it once it is replayed.
const hookId = uuidv7();
const encryptionKey = randomBytes(32).toString("hex");
const firstAt = Date.now() - 10 * 60_000;
const dead = uuidv7(firstAt);
const delivered = uuidv7(firstAt);
const at = (minutes: number) => new Date(firstAt + minutes * 60_000);
let t: TestApp;

async function fillOldSchema(url: string): Promise<void> {
  const db = createDb({ url, poolSize: 1 });
  const client = sqlPool(db);
  try {
    await client.query(
      "INSERT INTO webhooks (id, url, events, secret_encrypted, updated_at) VALUES ($1, 'https://receiver.example/hook', '{*}', $2, now())",
      [hookId, encrypt("s3cret-value-1", encryptionKey)],
    );
    await client.query(
      "INSERT INTO events (id, type, data, created_at) VALUES ('evt-old-dead', 'legacy.dead', '{}', $1), ('evt-old-ok', 'legacy.ok', '{}', $1)",
      [at(0)],
    );
    await client.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, status, attempt_count, last_attempt_at, completed_at, created_at, updated_at)
       VALUES ($1, 'evt-old-dead', $3, 'failed', 3, $4, $4, $5, $5), ($2, 'evt-old-ok', $3, 'success', 2, $6, $6, $5, $5)`,
      [dead, delivered, hookId, at(3), at(0), at(2)],
    );
    await client.query(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, status_code, duration_ms, created_at) VALUES
       ($1, $8, 1, 500, 5, $2), ($3, $8, 2, 500, 5, $4), ($5, $8, 3, 500, 5, $6), ($7, $9, 1, 500, 5, $2), ($10, $9, 2, 200, 5, $4)`,
      [uuidv7(), at(1), uuidv7(), at(2), uuidv7(), at(3), uuidv7(), dead, delivered, uuidv7()],
    );
  } finally {
    await db.$disconnect();
  }
}

beforeAll(async () => {
  const older = await createOlderDatabase("legacy_dead_letters", "20261203120000_filters_outside_postgres");
  try {
    await fillOldSchema(older.url);
    t = await createTestApp("legacy_dead_letters", { encryptionKey }, { database: await older.migrateRest() });
  } catch (err) {
    await older.drop();
    throw err;
  }
});
afterAll(() => t?.close());

it("marks the last attempt of each dead-lettered delivery, which the charts count after a replay", async () => {
  const attempts = await t.deps.db.deliveryAttempt.findMany({
    orderBy: [{ deliveryId: "asc" }, { attemptNumber: "asc" }],
  });
  const flags = (id: string) =>
    attempts.filter((a) => a.deliveryId === id).map((a) => [a.attemptNumber, a.deadLettered]);
  expect(flags(dead)).toEqual([
    [1, false],
    [2, false],
    [3, true],
  ]);
  expect(flags(delivered)).toEqual([
    [1, false],
    [2, false],
  ]);
  expect(await t.deps.db.delivery.findMany({ select: { attemptsAtRestart: true } })).toEqual([
    { attemptsAtRestart: 0 },
    { attemptsAtRestart: 0 },
  ]);

  // Replayed from the dead-letter queue (no worker here: it stays pending), it still counts.
  await request(t.app).post(`/api/v1/webhooks/deliveries/${dead}/retry`).set("authorization", t.admin).expect(200);
  const from = new Date(firstAt - 60_000).toISOString();
  const chart = await request(t.app)
    .get(`/api/v1/stats/deliveries?bucket=minute&from=${from}`)
    .set("authorization", t.admin)
    .expect(200);
  const deadLettered = chart.body.series.filter((b: { dead_lettered: number }) => b.dead_lettered > 0);
  expect(deadLettered.map((b: { start: string; dead_lettered: number }) => [b.start, b.dead_lettered])).toEqual([
    [new Date(Math.floor(at(3).getTime() / 60_000) * 60_000).toISOString(), 1],
  ]);
});
