import { readFile } from "node:fs/promises";
import { schemaPath, snapshotPath } from "./migrations-list.ts";
import { noFilters, withSchemaEngine } from "./schema-engine.ts";

/**
 * The SQL that takes the schema as of the newest migration (the snapshot
 * written beside it) to `schema` (schema.prisma unless given); empty when they agree. Diffing two
 * datamodels needs no introspection (the wasm engine, over the pg adapter,
 * cannot introspect Postgres catalogs yet), only an open connection.
 */
export async function diffSchemaAgainstSnapshot({
  url,
  schema = schemaPath,
}: {
  url: string;
  schema?: string;
}): Promise<string> {
  return withSchemaEngine(url, async (engine) => {
    const content = await readFile(schema, "utf8");
    const previous = await readFile(snapshotPath, "utf8").catch(() => null);
    const result = await engine.diff({
      from:
        previous === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: snapshotPath, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: schema, content }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  });
}
