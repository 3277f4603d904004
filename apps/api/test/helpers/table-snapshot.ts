import type { Db } from "@herald/db";

/**
 * One hash per application table (every row as text), in one round trip:
 * equal snapshots mean no row was added, removed or changed.
 */
export async function snapshotTables(db: Db): Promise<Record<string, string>> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    "SELECT table_name FROM information_schema.tables " +
      "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name",
  );
  const select = tables
    .map(
      ({ table_name: t }) =>
        `(SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM "${t}" x) AS "${t}"`,
    )
    .join(", ");
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${select}`);
  return row!;
}
