import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { defaultDatabaseUrl } from "../default-url.ts";
import { diffSchemaAgainstSnapshot } from "../diff-schema.ts";
import { migrationsDir, schemaPath, snapshotPath } from "../migrations-list.ts";

// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the previous schema to schema.prisma (like `prisma migrate dev
// --create-only`, but offline), then moves the snapshot forward.
const name = (process.argv[2] ?? "")
  .trim()
  .replace(/[^a-zA-Z0-9_]+/g, "_")
  .toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
// The engine wants a live connection even for a datamodel-only diff.
const url = new URL(process.env.DATABASE_URL || defaultDatabaseUrl);
url.pathname = "/postgres";
const sql = await diffSchemaAgainstSnapshot({ url: url.toString() });
if (!sql) {
  console.log("herald: schema.prisma and the migrations agree; nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
await copyFile(schemaPath, snapshotPath);
console.log(`herald: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);
