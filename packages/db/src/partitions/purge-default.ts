import type { Prisma } from "../generated/client.ts";

/**
 * Row deletes for what lives in the DEFAULT partitions (kept events whose
 * work has since finished, rows of days that had no partition yet): events
 * older than the cutoff with no pending delivery, their deliveries and
 * attempts and their event_keys. This set is small by construction.
 */
export async function purgeDefaultPartitions(
  tx: Prisma.TransactionClient,
  cutoff: Date,
): Promise<{ events: number; deliveries: number; attempts: number }> {
  await tx.$executeRawUnsafe("DROP TABLE IF EXISTS pg_temp.purge_default");
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE purge_default ON COMMIT DROP AS
     SELECT e.id, e.created_at FROM events_default e
     WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending')`,
    cutoff,
  );
  const attempts = await tx.$executeRawUnsafe(
    "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT d.id FROM deliveries d JOIN purge_default p ON d.event_id = p.id)",
  );
  const deliveries = await tx.$executeRawUnsafe(
    "DELETE FROM deliveries WHERE event_id IN (SELECT id FROM purge_default)",
  );
  const events = await tx.$executeRawUnsafe(
    "DELETE FROM events_default e USING purge_default p WHERE e.id = p.id AND e.created_at = p.created_at",
  );
  await tx.$executeRawUnsafe(
    "DELETE FROM event_keys k USING purge_default p WHERE k.event_id = p.id AND k.created_at = p.created_at",
  );
  return { events, deliveries, attempts };
}
