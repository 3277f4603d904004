import pg from "pg";
import { ensureDatabase } from "./ensure-database.ts";
import { readMigrationsList } from "./migrations-list.ts";
import { ensurePartitions, type EnsurePartitionsResult } from "./partitions/ensure-partitions.ts";
import { noFilters, withSchemaEngine } from "./schema-engine.ts";

export interface MigrateResult {
  created: boolean;
  applied: string[];
  partitions: EnsurePartitionsResult;
}

/**
 * Creates the database if needed, applies pending migrations (offline), and
 * creates the history tables' partitions for today and the days ahead.
 */
export async function migrate({ url }: { url: string }): Promise<MigrateResult> {
  const created = await ensureDatabase(url);
  const migrationsList = await readMigrationsList();
  const out = await withSchemaEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return { created, applied: out.appliedMigrationNames, partitions: await ensurePartitions(pool) };
  } finally {
    await pool.end();
  }
}
