import type { Prisma } from "../generated/client.ts";
import { HISTORY_TABLES, type HistoryTable } from "./partition-days.ts";

/** A range partition of one history table and the instant its range ends (exclusive). */
export interface RangePartition {
  table: HistoryTable;
  name: string;
  upperMs: number;
}

// The upper bound, read back from the catalog: a timestamptz literal for
// events, a UUIDv7 for the others (its first 48 bits are the Unix ms).
// MAXVALUE and DEFAULT partitions have no such bound and are left out.
const LIST_SQL = `
SELECT p.relname AS "table", c.relname AS name,
  CASE WHEN p.relname = 'events' THEN floor(extract(epoch FROM b.upper::timestamptz) * 1000)::bigint
       ELSE ('x' || substr(replace(b.upper, '-', ''), 1, 12))::bit(48)::bigint END AS upper_ms
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid AND c.relkind = 'r'
JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'p'
CROSS JOIN LATERAL (SELECT substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''([^'']+)''\\)') AS upper) b
WHERE p.relnamespace = current_schema()::regnamespace AND p.relname = ANY($1::text[]) AND b.upper IS NOT NULL`;

/** The range partitions of events, deliveries and delivery_attempts (not the DEFAULT ones). */
export async function listRangePartitions(tx: Prisma.TransactionClient): Promise<RangePartition[]> {
  const rows = await tx.$queryRawUnsafe<{ table: HistoryTable; name: string; upper_ms: bigint }[]>(LIST_SQL, [
    ...HISTORY_TABLES,
  ]);
  return rows.map((r) => ({ table: r.table, name: r.name, upperMs: Number(r.upper_ms) }));
}

/** Partitions grouped by the instant their range ends: one group is one day of events with its deliveries and attempts. */
export function groupByUpperBound(partitions: RangePartition[]): Map<number, Partial<Record<HistoryTable, string>>> {
  const groups = new Map<number, Partial<Record<HistoryTable, string>>>();
  for (const p of [...partitions].sort((a, b) => a.upperMs - b.upperMs)) {
    groups.set(p.upperMs, { ...groups.get(p.upperMs), [p.table]: p.name });
  }
  return groups;
}
