import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { writeAudit } from "../../lib/audit.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { enqueueOrDefer } from "./enqueue.ts";
import { deliveryScope } from "./scope.ts";

type Deps = Pick<AppDeps, "db" | "deliveryQueue"> & { log: Logger };

const RETRY_ALL_BATCH = 1000;

/** A retried delivery starts over: pending, attempt counter reset, due now. */
export const restart = () => ({ status: "pending" as const, attemptCount: 0, nextAttemptAt: new Date(), completedAt: null });

/**
 * Re-queues one delivery: a failed one (the dead-letter queue) or a
 * successful one (a resend). Its webhook must still be live and enabled.
 */
export async function retryDelivery(deps: Deps, principal: Principal, id: string): Promise<void> {
  const { db } = deps;
  const delivery = await db.delivery.findFirst({ where: { id, ...deliveryScope(principal) }, include: { webhook: { select: { enabled: true, deletedAt: true } } } });
  if (!delivery) throw AppError.notFound("delivery");
  if (delivery.status === "pending") throw new AppError("conflict", "the delivery is already pending; it will be attempted at next_attempt_at");
  if (delivery.status === "cancelled" || delivery.webhook.deletedAt) throw new AppError("conflict", "the delivery's webhook was deleted");
  if (!delivery.webhook.enabled) throw new AppError("conflict", "the delivery's webhook is disabled; enable it first");
  await db.$transaction(async (tx) => {
    const { count } = await tx.delivery.updateMany({ where: { id, status: delivery.status }, data: restart() });
    if (count === 0) throw new AppError("conflict", "the delivery changed meanwhile; reload it");
    await writeAudit(tx, principal, { tenantId: delivery.tenantId, action: "delivery.retried", resourceType: "delivery", resourceId: id, changes: { previous_status: delivery.status, previous_attempt_count: delivery.attemptCount } });
  });
  await enqueueOrDefer(deps, [id], { replace: true });
}

/** Re-queues every failed delivery the caller can see whose webhook is live and enabled. */
export async function retryAllFailed(deps: Deps, principal: Principal): Promise<number> {
  const { db } = deps;
  const where = { status: "failed" as const, ...deliveryScope(principal), webhook: { enabled: true, deletedAt: null, ...(principal.role === "tenant" ? { tenantId: principal.tenantId } : {}) } };
  let retried = 0;
  for (;;) {
    const batch = await db.delivery.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: RETRY_ALL_BATCH });
    if (batch.length === 0) break;
    const ids = batch.map((d) => d.id);
    const count = await db.$transaction(async (tx) => {
      const updated = await tx.delivery.updateMany({ where: { id: { in: ids }, status: "failed" }, data: restart() });
      await writeAudit(tx, principal, { tenantId: principal.tenantId, action: "delivery.retried_all", resourceType: "delivery", changes: { retried: updated.count } });
      return updated.count;
    });
    retried += count;
    await enqueueOrDefer(deps, ids, { replace: true });
    if (batch.length < RETRY_ALL_BATCH) break;
  }
  return retried;
}
