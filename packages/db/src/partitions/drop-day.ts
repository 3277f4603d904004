import type { Prisma } from "../generated/client.ts";
import type { HistoryTable } from "./partition-days.ts";

/** Rows of a day, by table. */
export interface RowCounts {
  events: number;
  deliveries: number;
  attempts: number;
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

type Day = Partial<Record<HistoryTable, string>>;

function tablesOf(day: Day) {
  return {
    events: day.events && ident(day.events),
    deliveries: day.deliveries && ident(day.deliveries),
    attempts: day.delivery_attempts && ident(day.delivery_attempts),
  };
}

const pendingEventsOf = (deliveries: string | undefined) =>
  deliveries
    ? `SELECT DISTINCT event_id AS id FROM ${deliveries} WHERE status = 'pending'`
    : "SELECT NULL::text AS id WHERE false";

/**
 * The slow part of dropping a day, run for every day before any is dropped
 * (a drop holds its parent locked until commit): counts its rows and deletes
 * its events' event_keys rows, without blocking writers. An event that turns
 * pending after this is still kept by dropDay, and inserting it again claims
 * its key again (the events insert trigger).
 */
export async function prepareDay(tx: Prisma.TransactionClient, day: Day): Promise<RowCounts> {
  const { events, deliveries, attempts } = tablesOf(day);
  const total = {
    events: events ? await countOf(tx, events) : 0,
    deliveries: deliveries ? await countOf(tx, deliveries) : 0,
    attempts: attempts ? await countOf(tx, attempts) : 0,
  };
  if (events) {
    await keep(tx, "purge_kept", pendingEventsOf(deliveries));
    await tx.$executeRawUnsafe(
      `DELETE FROM event_keys k USING ${events} e WHERE k.event_id = e.id AND k.created_at = e.created_at AND e.id NOT IN (SELECT id FROM purge_kept)`,
    );
  }
  return total;
}

/**
 * Drops one day (one group of partitions ending at the same instant) of
 * events, deliveries and attempts, after prepareDay. Events with a pending
 * delivery survive: their rows (with all their deliveries and attempts) are
 * copied aside, the partitions dropped, and the rows inserted again, landing
 * in the DEFAULT partitions (their day has no partition any more) where later
 * purges delete them row by row once their work is done. Keeping the whole
 * day instead would let one delivery to a disabled webhook pin a day of
 * history for ever. The foreign key attempts -> deliveries fixes the order:
 * the attempts partition goes first, and the deliveries partition must be
 * detached (Postgres checks nothing references it) before it can go.
 * Returns the rows kept (an event kept keeps all its deliveries and attempts).
 */
export async function dropDay(tx: Prisma.TransactionClient, day: Day): Promise<RowCounts> {
  const { events, deliveries, attempts } = tablesOf(day);
  // No status change while the pending set is copied aside (reads go on).
  // From here to commit the hot path may wait on us: only small statements.
  if (deliveries) await tx.$executeRawUnsafe(`LOCK TABLE ${deliveries} IN SHARE MODE`);
  await keep(tx, "purge_kept", pendingEventsOf(deliveries));
  const keptEvents = events
    ? await keep(tx, "purge_events", `SELECT * FROM ${events} WHERE id IN (SELECT id FROM purge_kept)`)
    : 0;
  const keptDeliveries = deliveries
    ? await keep(tx, "purge_deliveries", `SELECT * FROM ${deliveries} WHERE event_id IN (SELECT id FROM purge_kept)`)
    : 0;
  const keptAttempts =
    attempts && deliveries
      ? await keep(
          tx,
          "purge_attempts",
          `SELECT * FROM ${attempts} WHERE delivery_id IN (SELECT id FROM purge_deliveries)`,
        )
      : 0;
  if (attempts) await tx.$executeRawUnsafe(`DROP TABLE ${attempts}`);
  if (deliveries) {
    await tx.$executeRawUnsafe(`ALTER TABLE deliveries DETACH PARTITION ${deliveries}`);
    await tx.$executeRawUnsafe(`DROP TABLE ${deliveries}`);
  }
  if (events) await tx.$executeRawUnsafe(`DROP TABLE ${events}`);
  if (keptEvents) await tx.$executeRawUnsafe("INSERT INTO events SELECT * FROM purge_events");
  if (keptDeliveries) await tx.$executeRawUnsafe("INSERT INTO deliveries SELECT * FROM purge_deliveries");
  if (keptAttempts) await tx.$executeRawUnsafe("INSERT INTO delivery_attempts SELECT * FROM purge_attempts");
  return { events: keptEvents, deliveries: keptDeliveries, attempts: keptAttempts };
}
