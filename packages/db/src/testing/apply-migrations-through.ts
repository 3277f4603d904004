import { readMigrationsList } from "../migrations-list.ts";
import { noFilters, withSchemaEngine } from "../schema-engine.ts";

// Test helper run as a child process (the wasm engine needs
// --experimental-wasm-modules): applies the migrations up to and including
// HERALD_MIGRATE_THROUGH to DATABASE_URL, as an older Herald would have.
const url = process.env.DATABASE_URL!;
const through = process.env.HERALD_MIGRATE_THROUGH!;
const list = await readMigrationsList();
const migrationsList = { ...list, migrationDirectories: list.migrationDirectories.filter((d) => d.path <= through) };
try {
  const out = await withSchemaEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
  console.log(`applied ${out.appliedMigrationNames.join(", ")}`);
  process.exit(0);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
