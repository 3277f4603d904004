export const DAY_MS = 86_400_000;

/** The partitioned history tables, in the order their partitions are dropped (referencing before referenced). */
export const HISTORY_TABLES = ["delivery_attempts", "deliveries", "events"] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** Serialises partition DDL between API, workers and purges (one lock id for all). */
export const PARTITION_LOCK_ID = 7243002;

/** Midnight UTC of the day `at` falls in, in ms. */
export function utcDayStart(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS) * DAY_MS;
}

/** `events_p20261123`: the partition of `table` for the UTC day starting at `dayMs`. */
export function partitionName(table: HistoryTable, dayMs: number): string {
  return `${table}_p${new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, "")}`;
}

/**
 * The bounds of a day's partition as SQL literals: events by created_at,
 * deliveries by id and attempts by delivery_id, both UUIDv7 whose first 48
 * bits are the Unix ms (herald_uuidv7_floor is defined by the migration).
 */
export function partitionBounds(table: HistoryTable, dayMs: number): { from: string; to: string } {
  const at = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
  const bound = table === "events" ? at : (ms: number) => `herald_uuidv7_floor(${at(ms)})`;
  return { from: bound(dayMs), to: bound(dayMs + DAY_MS) };
}
