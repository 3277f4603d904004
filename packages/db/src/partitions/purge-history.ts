import type { Prisma } from "../generated/client.ts";
import { dropDay, prepareDay } from "./drop-day.ts";
import { groupByUpperBound, listRangePartitions } from "./list-partitions.ts";
import { PARTITION_LOCK_ID } from "./partition-days.ts";
import { purgeDefaultPartitions } from "./purge-default.ts";

export interface PurgeHistoryResult {
  eventsDeleted: number;
  deliveriesDeleted: number;
  attemptsDeleted: number;
  /** Names of the partitions dropped. */
  partitionsDropped: string[];
  /** Events older than the cutoff kept for their pending deliveries. */
  eventsKept: number;
}

/**
 * Retention for events, deliveries and attempts, inside the caller's
 * transaction (so it commits with the caller's audit entry): the DEFAULT
 * partitions' expired rows are deleted, then every day whose partitions lie
 * wholly before `cutoff` is dropped (see dropDay). A day is dropped once all of
 * it is past the cutoff, so history lives between the retention and one day
 * more. Counts are read before the drop.
 */
export async function purgeHistory(
  tx: Prisma.TransactionClient,
  { cutoff }: { cutoff: Date },
): Promise<PurgeHistoryResult> {
  // Maintenance, off the hot path: the pool's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) is for requests.
  await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 0");
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_ID})`);
  // Dropping a partition locks its parent: a purge stuck behind a long query
  // would queue every publish and delivery behind it. Fail instead; rerun later.
  await tx.$executeRawUnsafe("SET LOCAL lock_timeout = '10s'");
  // Row deletes first: dropping a partition holds its parent locked until
  // commit, and nothing slow should run after that.
  const rows = await purgeDefaultPartitions(tx, cutoff);
  const result: PurgeHistoryResult = {
    eventsDeleted: rows.events,
    deliveriesDeleted: rows.deliveries,
    attemptsDeleted: rows.attempts,
    partitionsDropped: [],
    eventsKept: 0,
  };
  const days = [...groupByUpperBound(await listRangePartitions(tx))]
    .filter(([upperMs]) => upperMs <= cutoff.getTime())
    .map(([, day]) => day);
  for (const day of days) {
    const total = await prepareDay(tx, day);
    result.eventsDeleted += total.events;
    result.deliveriesDeleted += total.deliveries;
    result.attemptsDeleted += total.attempts;
  }
  for (const day of days) {
    const kept = await dropDay(tx, day);
    result.eventsDeleted -= kept.events;
    result.deliveriesDeleted -= kept.deliveries;
    result.attemptsDeleted -= kept.attempts;
    result.eventsKept += kept.events;
    result.partitionsDropped.push(...Object.values(day));
  }
  return result;
}
