import type pg from "pg";
import { ensurePartitions } from "./ensure-partitions.ts";

/** The few logger methods this needs (a winston logger fits). */
export interface PartitionLog {
  info(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

/**
 * Today's partitions of the history tables and a few days ahead, as the API
 * does at start and every worker on its schedule. A failure is logged, not
 * thrown: inserts land in the DEFAULT partitions meanwhile, and the next
 * call tries again.
 */
export async function prepareHistoryPartitions(pool: pg.Pool, log: PartitionLog): Promise<void> {
  try {
    const { created, skipped } = await ensurePartitions(pool);
    if (created.length) log.info(`history partitions created for ${created.join(", ")}`);
    for (const { day, reason } of skipped)
      log.warn(`no history partition for ${day}; its rows stay in the default partitions (${reason})`);
  } catch (err) {
    log.error(`cannot create history partitions: ${err instanceof Error ? err.message : String(err)}`);
  }
}
