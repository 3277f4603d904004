import pg from "pg";
import { runMigrateProcess } from "@herald/db/testing";

const PG = process.env.HERALD_BENCH_PG ?? "postgresql://postgres:postgres@127.0.0.1:5432";

/**
 * The bench's database, dropped and recreated each run. Other developers
 * bench on the same Postgres at the same time, so the name is theirs to pick
 * (HERALD_BENCH_DB) and two runs under different names never touch each
 * other; the naive reference uses `<name>_naive`.
 */
export const benchDb = checkedName(process.env.HERALD_BENCH_DB ?? "herald_bench");

function checkedName(name: string): string {
  // Room for the `_naive` suffix within Postgres' 63-byte identifiers.
  if (!/^[a-z_][a-z0-9_]{0,56}$/.test(name))
    throw new Error(
      `HERALD_BENCH_DB must be a lower-case identifier of at most 57 characters, got ${JSON.stringify(name)}`,
    );
  return name;
}

export const databaseUrl = (name: string) => `${PG}/${name}`;

/** Drops `name` (closing its connections) so the next migrate creates it afresh. */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl("postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Migrates `url` with `npm run db:migrate`'s code (creating the database). */
export async function migrate(url: string): Promise<void> {
  const { code, output } = await runMigrateProcess(url);
  if (code !== 0) throw new Error(`migrate exited ${code}:\n${output}`);
}
