import type { Prisma } from "../generated/client.ts";
import { dropDay } from "./drop-day.ts";
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
 * transaction (so it commits with the caller's audit entry): every day whose
 * partitions lie wholly before `cutoff` is dropped (see dropDay), then the
 * DEFAULT partitions' expired rows are deleted. A day is dropped once all of
 * it is past the cutoff, so history lives between the retention and one day
 * more. Counts are read before the drop.
 */
export async function purgeHistory(tx: Prisma.TransactionClient, { cutoff }: { cutoff: Date }): Promise<PurgeHistoryResult> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_ID})`);
  // Dropping a partition locks its parent: a purge stuck behind a long query
  // would queue every publish and delivery behind it. Fail instead; rerun later.
  await tx.$executeRawUnsafe("SET LOCAL lock_timeout = '10s'");
  const result: PurgeHistoryResult = { eventsDeleted: 0, deliveriesDeleted: 0, attemptsDeleted: 0, partitionsDropped: [], eventsKept: 0 };
  for (const [upperMs, day] of groupByUpperBound(await listRangePartitions(tx))) {
    if (upperMs > cutoff.getTime()) continue;
    const dropped = await dropDay(tx, day);
    result.eventsDeleted += dropped.events;
    result.deliveriesDeleted += dropped.deliveries;
    result.attemptsDeleted += dropped.attempts;
    result.eventsKept += dropped.kept;
    result.partitionsDropped.push(...Object.values(day));
  }
  const rows = await purgeDefaultPartitions(tx, cutoff);
  result.eventsDeleted += rows.events;
  result.deliveriesDeleted += rows.deliveries;
  result.attemptsDeleted += rows.attempts;
  return result;
}
