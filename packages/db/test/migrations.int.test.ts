import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "../src/client.ts";
import { runMigrateProcess } from "../src/testing/run-migrate-process.ts";
import { createTestDatabase } from "../src/testing/test-database.ts";
import { schemaEngineCommand } from "../src/cli/migrate-command.ts";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

function urlOf(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const expectedTables = [
  ...[
    "_prisma_migrations",
    "api_keys",
    "audit_logs",
    "consents",
    "deliveries",
    "deliveries_default",
    "delivery_attempts",
    "delivery_attempts_default",
  ],
  ...["event_keys", "event_types", "events", "events_default", "portal_sessions", "tenants", "webhooks"],
];
// The daily partitions migrate creates: today (UTC) and three days ahead.
const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const expectedDays = [0, 1, 2, 3].map((i) =>
  new Date(today + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ""),
);
const expectedPartitions = ["deliveries", "delivery_attempts", "events"].flatMap((t) =>
  expectedDays.map((d) => `${t}_p${d}`),
);
const isDaily = (name: string) => /_p\d{8}$/.test(name);

describe("npm run db:migrate", () => {
  const name = `herald_test_migrate_${process.pid}`;
  afterAll(() => query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it("creates a missing database, applies every migration once, and records them as prisma migrate deploy does", async () => {
    await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const first = await runMigrateProcess(urlOf(name));
    expect(first.output).toContain(`created database ${name}`);
    expect(first.code).toBe(0);
    const tables = await query<{ tablename: string }>(
      urlOf(name),
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((t) => t.tablename).filter((n) => !isDaily(n))).toEqual(expectedTables);
    expect(tables.map((t) => t.tablename).filter(isDaily)).toEqual(expectedPartitions);
    // The partition keys the migration chose (see its comments).
    const keys = await query<{ table: string; key: string }>(
      urlOf(name),
      "SELECT c.relname AS table, pg_get_partkeydef(c.oid) AS key FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1",
    );
    expect(keys).toEqual([
      { table: "deliveries", key: "RANGE (id)" },
      { table: "delivery_attempts", key: "RANGE (delivery_id)" },
      { table: "events", key: "RANGE (created_at)" },
    ]);

    const second = await runMigrateProcess(urlOf(name));
    expect(second.code).toBe(0);
    expect(second.output).toContain("0 migration(s) applied");
    const recorded = await query<{ migration_name: string; finished_at: Date | null }>(
      urlOf(name),
      "SELECT migration_name, finished_at FROM _prisma_migrations",
    );
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("exits non-zero with one clear line when Postgres cannot be reached", async () => {
    const out = await runMigrateProcess("postgresql://postgres@127.0.0.1:1/herald");
    expect(out.code).toBe(1);
    expect(out.output).toMatch(/migration failed for postgresql:\/\/postgres@127\.0\.0\.1:1\/herald/);
  });
});

describe("schema.prisma and the migrations", () => {
  const run = (script: string, ...extra: string[]) => {
    const { command, args, env } = schemaEngineCommand(script);
    return spawnSync(command, [...args, ...extra], { cwd: pkg, env, encoding: "utf8" });
  };

  it("agree: no model change is missing a migration", () => {
    const out = run("src/cli/check-drift.ts");
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
  });

  it("the drift check fails when the schema changes without a migration", async () => {
    // A changed copy in a temporary directory: the tracked schema.prisma is never touched.
    const dir = await mkdtemp(path.join(os.tmpdir(), "herald-drift-"));
    try {
      const original = await readFile(path.join(pkg, "prisma/schema.prisma"), "utf8");
      const changed = original.replace(
        "  description String?\n  // Optional JSON Schema",
        "  description String?\n  drifted Int?\n  // Optional JSON Schema",
      );
      expect(changed).not.toBe(original);
      const schema = path.join(dir, "schema.prisma");
      await writeFile(schema, changed);
      const out = run("src/cli/check-drift.ts", schema);
      expect(out.status).toBe(1);
      expect(out.stderr).toMatch(/ADD COLUMN\s+"drifted"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a database built from the migrations serves every model the client knows", async () => {
    const test = await createTestDatabase("models");
    try {
      const db = test.db;
      const tenant = await db.tenant.create({ data: { name: "Acme" } });
      const webhook = await db.webhook.create({
        data: {
          tenantId: tenant.id,
          url: "https://example.com/hook",
          events: ["invoice.*"],
          secretEncrypted: "v1.x",
          rateLimit: 5,
          sealedHeaders: { "x-a": "v1.sealed" },
        },
      });
      const event = await db.event.create({
        data: { tenantId: tenant.id, type: "invoice.updated", data: { n: 1 }, idempotencyKey: `${tenant.id}:k1` },
      });
      const delivery = await db.delivery.create({
        data: { eventId: event.id, webhookId: webhook.id, tenantId: tenant.id },
      });
      await db.deliveryAttempt.create({
        data: { deliveryId: delivery.id, attemptNumber: 1, statusCode: 500, durationMs: 12 },
      });
      await db.apiKey.create({
        data: { name: "k", role: "tenant", tenantId: tenant.id, keyHash: "h", keyPrefix: "hk_abc" },
      });
      await db.auditLog.create({
        data: {
          tenantId: tenant.id,
          actorId: "admin",
          action: "webhook.created",
          resourceType: "webhook",
          resourceId: webhook.id,
        },
      });
      await db.consent.create({ data: { tenantId: tenant.id, purpose: "marketing", grantedBy: "admin" } });
      await db.eventType.create({ data: { name: "invoice.updated", schema: { type: "object" } } });
      // Every model's full row comes back: a column missing from the
      // migrations would fail here.
      for (const model of [
        "tenant",
        "webhook",
        "event",
        "delivery",
        "deliveryAttempt",
        "apiKey",
        "auditLog",
        "consent",
        "eventType",
      ] as const) {
        // Each model's delegate has its own types; these two calls are alike on all of them.
        const delegate = db[model] as unknown as { count(): Promise<number>; findFirst(): Promise<unknown> };
        expect(await delegate.count()).toBe(1);
        expect(await delegate.findFirst()).not.toBeNull();
      }
      // Ids are UUIDv7: time-ordered.
      expect(delivery.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      // The idempotency key is unique.
      await expect(
        db.event.create({ data: { type: "x", data: {}, idempotencyKey: `${tenant.id}:k1` } }),
      ).rejects.toMatchObject({ code: "P2002" });
    } finally {
      await test.drop();
    }
  });
});

describe("createDb", () => {
  it("talks to the database named in the url", async () => {
    const db = createDb({ url: adminUrl });
    try {
      const rows = await db.$queryRaw<{ n: number }[]>`SELECT 1::int AS n`;
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await db.$disconnect();
    }
  });
});
