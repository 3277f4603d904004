import { ensureDatabase } from "./ensure-database.ts";
import { readMigrationsList } from "./migrations-list.ts";
import { noFilters, withSchemaEngine } from "./schema-engine.ts";

export interface MigrateResult {
  created: boolean;
  applied: string[];
}

/** Creates the database if needed and applies pending migrations, offline. */
export async function migrate({ url }: { url: string }): Promise<MigrateResult> {
  const created = await ensureDatabase(url);
  const migrationsList = await readMigrationsList();
  const out = await withSchemaEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
  return { created, applied: out.appliedMigrationNames };
}
