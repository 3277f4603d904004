import type { Logger } from "@herald/config";
import { type AuditEntry, type FailedFilter, restartFailed, writeAudit } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { enqueueOrDefer } from "./enqueue.ts";

/**
 * Restarts the failed deliveries that match `filter`, `batch` at a time (the
 * dead-letter retry: attempt counter reset, due now): each batch is picked and
 * restarted in one statement and committed with its audit entry,
 * `audit(count)`, then enqueued. Retry-all and a webhook's recovery both
 * restart this way. Returns how many deliveries it restarted.
 */
export async function restartFailedInBatches(
  { deps, principal, log }: Ctx & { log: Logger },
  { filter, batch, audit }: { filter: FailedFilter; batch: number; audit: (count: number) => AuditEntry },
): Promise<number> {
  let total = 0;
  for (;;) {
    const restarted = await deps.db.$transaction(async (tx) => {
      const rows = await restartFailed(tx, { filter, limit: batch });
      if (rows.length > 0) await writeAudit(tx, principal, audit(rows.length));
      return rows;
    });
    total += restarted.length;
    if (restarted.length > 0)
      await enqueueOrDefer(
        { deliveryQueues: deps.deliveryQueues, log },
        restarted.map(({ id, webhookId }) => ({ deliveryId: id, webhookId })),
        { replace: true },
      );
    if (restarted.length < batch) return total;
  }
}
