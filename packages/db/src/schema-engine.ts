import { readFile } from "node:fs/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { schemaPath } from "./migrations-list.ts";

export const noFilters = { externalTables: [], externalEnums: [] };

/**
 * The pg adapter's executeScript cuts a migration at every ";", inside
 * comments and dollar-quoted function bodies too. Postgres takes the whole
 * script as one simple query, as `prisma migrate deploy` sends it, and runs
 * it as one implicit transaction.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (err) {
        // Postgres's error, in the adapter's shape, so the engine reports it as before.
        (adapter as unknown as { onError(error: unknown): never }).onError(err);
      }
    };
    return adapter;
  }
}

/**
 * Prisma's schema engine compiled to wasm: migrations without the native
 * binary the CLI would download. Node 20 needs --experimental-wasm-modules.
 */
export async function withSchemaEngine<T>(url: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  // Our own pool, so closing it lets the process exit at once.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
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
