import { type AuditActor, type AuditEntry, type Db, writeAudit, type DeliveryStatus } from "@herald/db";
import { type DeliveryQueues, enqueueDeliveries } from "../queue/delivery-queue.ts";
import type { DeliveryFilter } from "../store/delivery-filter.ts";
import { countFailed, restartDeliveries, restartFailed } from "../store/restart.ts";

interface Operator {
  db: Db;
  queues: DeliveryQueues;
  actor: AuditActor;
}

// An operator's restarts of deliveries (a retry from the dead-letter queue, a
// resend, retry-all, a webhook's recovery): the delivery starts over (pending,
// due now, the retry schedule afresh, attempt numbers going on), committed with its audit entry, then enqueued.

/**
 * Restarts one delivery that is still `delivery.status` (failed: a retry;
 * success: a resend), committed with its `delivery.retried` audit entry, then
 * enqueues it. False when it changed meanwhile (nothing is written).
 */
export async function restartDelivery(
  { db, queues, actor }: Operator,
  delivery: { id: string; webhookId: string; tenantId: string | null; status: DeliveryStatus; attemptCount: number },
): Promise<boolean> {
  const restarted = await db.$transaction(async (tx) => {
    const count = await restartDeliveries(tx, { ids: [delivery.id], from: [delivery.status] });
    if (count === 0) return false;
    await writeAudit(tx, actor, {
      tenantId: delivery.tenantId,
      action: "delivery.retried",
      resourceType: "delivery",
      resourceId: delivery.id,
      changes: { previous_status: delivery.status, previous_attempt_count: delivery.attemptCount },
    });
    return true;
  });
  if (restarted)
    await enqueueDeliveries({
      queues,
      jobs: [{ deliveryId: delivery.id, webhookId: delivery.webhookId }],
      replace: true,
    });
  return restarted;
}

/**
 * Restarts the failed deliveries that match `filter`, `batch` at a time (the
 * dead-letter retry: due now, the schedule afresh): each batch is picked and
 * restarted in one statement and committed with its audit entry,
 * `audit(count)`, then enqueued. Retry-all and a webhook's recovery both
 * restart this way. Returns how many deliveries it restarted; with `dryRun`,
 * how many it would restart now, changing nothing.
 */
export async function restartFailedInBatches(
  { db, queues, actor }: Operator,
  {
    filter,
    batch,
    audit,
    dryRun = false,
  }: { filter: DeliveryFilter; batch: number; audit: (count: number) => AuditEntry; dryRun?: boolean },
): Promise<number> {
  if (dryRun) return countFailed(db, filter);
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
