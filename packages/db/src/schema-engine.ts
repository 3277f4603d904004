import { readFile } from "node:fs/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { schemaPath } from "./migrations-list.ts";

export const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Prisma's schema engine compiled to wasm: migrations without the native
 * binary the CLI would download. Node 20 needs --experimental-wasm-modules.
 */
export async function withSchemaEngine<T>(url: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  // Our own pool, so closing it lets the process exit at once.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const datamodel = await readFile(schemaPath, "utf8");
  try {
    const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, adapter);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}
