import type pg from "pg";
import {
  DAY_MS,
  HISTORY_TABLES,
  PARTITION_LOCK_ID,
  partitionBounds,
  partitionName,
  utcDayStart,
} from "./partition-days.ts";

export interface EnsurePartitionsOptions {
  /** Defaults to the current time; the partitions start with its UTC day. */
  now?: Date;
  /** Days after today to create too (default 3), so a stopped scheduler has days of slack. */
  aheadDays?: number;
}

export interface EnsurePartitionsResult {
  /** Days (YYYY-MM-DD) whose partitions were created now. */
  created: string[];
  /** Days left to the DEFAULT partitions, with Postgres's reason (rows of that day already there, or an overlap with the legacy partition). */
  skipped: { day: string; reason: string }[];
}

// Postgres refuses a new partition whose range overlaps another (42P17), or
// whose rows already sit in the DEFAULT partition (23514): those days keep
// using the partition that holds them; inserts never fail either way.
const SKIPPABLE = new Set(["42P17", "23514"]);

async function missingTables(client: pg.PoolClient, dayMs: number): Promise<string[]> {
  const names = HISTORY_TABLES.map((t) => partitionName(t, dayMs));
  // pg_class read with the statement's snapshot, not to_regclass's catalog
  // cache, which an advisory lock does not refresh.
  const { rows } = await client.query<{ name: string }>(
    "SELECT name FROM unnest($1::text[]) AS name " +
      "WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = name AND c.relnamespace = current_schema()::regnamespace)",
    [names],
  );
  return rows.map((r) => r.name);
}

/** Creates one day's missing partitions in one transaction: all of them or none. False when another process just did. */
async function createDay(client: pg.PoolClient, dayMs: number): Promise<boolean> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_ID]);
    if ((await missingTables(client, dayMs)).length === 0) {
      await client.query("COMMIT");
      return false;
    }
    // Creating a partition locks its parent: wait briefly rather than queue the hot path behind us.
    await client.query("SET LOCAL lock_timeout = '10s'");
    // Parents before children of the foreign key, so the day's attempts can reference its deliveries.
    for (const table of [...HISTORY_TABLES].reverse()) {
      const { from, to } = partitionBounds(table, dayMs);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${partitionName(table, dayMs)}" PARTITION OF "${table}" FOR VALUES FROM (${from}) TO (${to})`,
      );
    }
    await client.query("COMMIT");
    return true;
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  }
}

/**
 * Creates the daily partitions of events, deliveries and delivery_attempts
 * from today (UTC) to `aheadDays` later, those that are missing. Cheap when
 * they exist (one catalog query per day), safe to call from every process
 * at once and on a schedule. A day whose rows already went to the DEFAULT
 * partitions is skipped and reported (its rows stay readable there).
 */
export async function ensurePartitions(
  pool: pg.Pool,
  { now = new Date(), aheadDays = 3 }: EnsurePartitionsOptions = {},
): Promise<EnsurePartitionsResult> {
  const result: EnsurePartitionsResult = { created: [], skipped: [] };
  const client = await pool.connect();
  try {
    for (let i = 0; i <= aheadDays; i++) {
      const dayMs = utcDayStart(now) + i * DAY_MS;
      if ((await missingTables(client, dayMs)).length === 0) continue;
      const day = new Date(dayMs).toISOString().slice(0, 10);
      try {
        if (await createDay(client, dayMs)) result.created.push(day);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !SKIPPABLE.has(code)) throw err;
        result.skipped.push({ day, reason: (err as Error).message });
      }
    }
    return result;
  } finally {
    client.release();
  }
}
