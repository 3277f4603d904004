import { type AuditActor, type AuditEntry, type Db, writeAudit } from "@herald/db";
import { type DeliveryQueues, enqueueDeliveries } from "../queue/delivery-queue.ts";
import { type FailedFilter, restartFailed } from "../store/restart.ts";

/**
 * Restarts the failed deliveries that match `filter`, `batch` at a time (the
 * dead-letter retry: attempt counter reset, due now): each batch is picked and
 * restarted in one statement and committed with its audit entry,
 * `audit(count)`, then enqueued. Retry-all and a webhook's recovery both
 * restart this way. Returns how many deliveries it restarted.
 */
export async function restartFailedInBatches(
  { db, queues, actor }: { db: Db; queues: DeliveryQueues; actor: AuditActor },
  { filter, batch, audit }: { filter: FailedFilter; batch: number; audit: (count: number) => AuditEntry },
): Promise<number> {
  let total = 0;
  for (;;) {
    const restarted = await db.$transaction(async (tx) => {
      const rows = await restartFailed(tx, { filter, limit: batch });
      if (rows.length > 0) await writeAudit(tx, actor, audit(rows.length));
      return rows;
    });
    total += restarted.length;
    if (restarted.length > 0)
      await enqueueDeliveries({
        queues,
        jobs: restarted.map(({ id, webhookId }) => ({ deliveryId: id, webhookId })),
        replace: true,
      });
    if (restarted.length < batch) return total;
  }
}
