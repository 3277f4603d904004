import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import pg from "pg";
import { createDb, sqlPool, type Db } from "../client.ts";
import { migrationsDir } from "../migrations-list.ts";
import { ensurePartitions } from "../partitions/ensure-partitions.ts";
import { runMigrateProcess } from "./run-migrate-process.ts";

const TEMPLATE = "herald_test_template";

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

function baseUrl(): URL {
  return new URL(process.env.HERALD_TEST_DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres");
}

function urlFor(name: string): string {
  const url = baseUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function templateIsCurrent(client: pg.Client): Promise<boolean> {
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE]);
  if (!exists.rowCount) return false;
  const wanted = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const probe = new pg.Client({ connectionString: urlFor(TEMPLATE) });
  await probe.connect();
  try {
    const rows = await probe.query(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    return JSON.stringify(rows.rows.map((r) => r.migration_name)) === JSON.stringify(wanted);
  } catch {
    return false;
  } finally {
    await probe.end();
  }
}

/**
 * Clones `name` from a migrated template, (re)building the template first
 * when the migrations changed. All under one lock: cloning fails while any
 * other session is connected to the template, even a probe.
 */
async function cloneFromTemplate(client: pg.Client, name: string): Promise<void> {
  await client.query("SELECT pg_advisory_lock(7243001)");
  try {
    if (!(await templateIsCurrent(client))) {
      await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
      const { code, output } = await runMigrateProcess(urlFor(TEMPLATE));
      if (code !== 0) throw new Error(`migrating the test template failed:\n${output}`);
    }
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await client.query("SELECT pg_advisory_unlock(7243001)");
  }
}

/** A fresh, fully migrated database of its own for one test suite. */
export async function createTestDatabase(label = "suite"): Promise<TestDatabase> {
  const name = `herald_test_${label.replace(/\W/g, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => cloneFromTemplate(client, name));
  const url = urlFor(name);
  const db = createDb({ url, poolSize: 5 });
  // As the API does at start: today's partitions and a few days ahead.
  await ensurePartitions(sqlPool(db));
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
