import type { Prisma } from "../generated/client.ts";
import type { HistoryTable } from "./partition-days.ts";

export interface DroppedCounts {
  events: number;
  deliveries: number;
  attempts: number;
  /** Events kept because a delivery of theirs is still pending. */
  kept: number;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function countOf(tx: Prisma.TransactionClient, table: string): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

// Each temp table is replaced per day; ON COMMIT DROP cleans up the last.
async function keep(tx: Prisma.TransactionClient, temp: string, select: string): Promise<number> {
  await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS pg_temp.${temp}`);
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE ${temp} ON COMMIT DROP AS ${select}`);
  return countOf(tx, temp);
}

/**
 * Drops one day (one group of partitions ending at the same instant) of
 * events, deliveries and attempts. Events with a pending delivery survive:
 * their rows (with all their deliveries and attempts) are copied aside, the
 * partitions dropped, and the rows inserted again, landing in the DEFAULT
 * partitions (their day has no partition any more) where later purges
 * delete them row by row once their work is done. Keeping the whole day
 * instead would let one delivery to a disabled webhook pin a day of history
 * for ever. The foreign key attempts -> deliveries fixes the order: the
 * attempts partition goes first, and the deliveries partition must be
 * detached (Postgres checks nothing references it) before it can go.
 */
export async function dropDay(tx: Prisma.TransactionClient, day: Partial<Record<HistoryTable, string>>): Promise<DroppedCounts> {
  const events = day.events && ident(day.events);
  const deliveries = day.deliveries && ident(day.deliveries);
  const attempts = day.delivery_attempts && ident(day.delivery_attempts);
  // Counted first, without blocking writers: a past day only sees its pending deliveries change.
  const total = {
    events: events ? await countOf(tx, events) : 0,
    deliveries: deliveries ? await countOf(tx, deliveries) : 0,
    attempts: attempts ? await countOf(tx, attempts) : 0,
  };
  // No status change while the pending set is copied aside (reads go on);
  // held until commit, so keep what follows short.
  if (deliveries) await tx.$executeRawUnsafe(`LOCK TABLE ${deliveries} IN SHARE MODE`);
  const kept = await keep(tx, "purge_kept", deliveries ? `SELECT DISTINCT event_id AS id FROM ${deliveries} WHERE status = 'pending'` : "SELECT NULL::text AS id WHERE false");
  const keptEvents = events ? await keep(tx, "purge_events", `SELECT * FROM ${events} WHERE id IN (SELECT id FROM purge_kept)`) : 0;
  const keptDeliveries = deliveries ? await keep(tx, "purge_deliveries", `SELECT * FROM ${deliveries} WHERE event_id IN (SELECT id FROM purge_kept)`) : 0;
  const keptAttempts = attempts && deliveries ? await keep(tx, "purge_attempts", `SELECT * FROM ${attempts} WHERE delivery_id IN (SELECT id FROM purge_deliveries)`) : 0;
  if (events) {
    await tx.$executeRawUnsafe(`DELETE FROM event_keys k USING ${events} e WHERE k.event_id = e.id AND k.created_at = e.created_at AND e.id NOT IN (SELECT id FROM purge_kept)`);
  }
  if (attempts) await tx.$executeRawUnsafe(`DROP TABLE ${attempts}`);
  if (deliveries) {
    await tx.$executeRawUnsafe(`ALTER TABLE deliveries DETACH PARTITION ${deliveries}`);
    await tx.$executeRawUnsafe(`DROP TABLE ${deliveries}`);
  }
  if (events) await tx.$executeRawUnsafe(`DROP TABLE ${events}`);
  if (keptEvents) await tx.$executeRawUnsafe("INSERT INTO events SELECT * FROM purge_events");
  if (keptDeliveries) await tx.$executeRawUnsafe("INSERT INTO deliveries SELECT * FROM purge_deliveries");
  if (keptAttempts) await tx.$executeRawUnsafe("INSERT INTO delivery_attempts SELECT * FROM purge_attempts");
  return {
    events: total.events - keptEvents,
    deliveries: total.deliveries - keptDeliveries,
    attempts: total.attempts - keptAttempts,
    kept: keptEvents,
  };
}
