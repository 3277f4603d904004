import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { schemaEngineCommand } from "../cli/migrate-command.ts";
import { createDb } from "../client.ts";
import { runMigrateProcess } from "./run-migrate-process.ts";
import type { TestDatabase } from "./test-database.ts";

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "apply-migrations-through.ts");

export interface OlderDatabase {
  url: string;
  name: string;
  /** Applies every later migration with `npm run db:migrate`'s code; the database then serves the current client. */
  migrateRest(): Promise<TestDatabase>;
  drop(): Promise<void>;
}

function adminUrl(name: string): string {
  const url = new URL(process.env.HERALD_TEST_DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function applyThrough(url: string, migration: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const { command, args, env } = schemaEngineCommand(script, {
      DATABASE_URL: url,
      HERALD_MIGRATE_THROUGH: migration,
    });
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`applying migrations through ${migration} failed:\n${output}`)),
    );
  });
}

/**
 * A database of its own migrated only through `migration`, as an older
 * Herald left it: fill it with rows of that schema (plain SQL), then
 * migrateRest() and check they survive.
 */
export async function createOlderDatabase(label: string, migration: string): Promise<OlderDatabase> {
  const name = `herald_test_${label.replace(/\W/g, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = adminUrl(name);
  const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await applyThrough(url, migration);
  return {
    url,
    name,
    drop,
    async migrateRest() {
      const { code, output } = await runMigrateProcess(url);
      if (code !== 0) throw new Error(`migrating ${name} failed:\n${output}`);
      const db = createDb({ url, poolSize: 5 });
      return {
        url,
        name,
        db,
        drop: async () => {
          await db.$disconnect();
          await drop();
        },
      };
    },
  };
}
