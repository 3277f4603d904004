import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { restartDelivery, restartFailedInBatches, unsendable } from "@herald/engine";
import { deliveryScope } from "../../lib/tenancy.ts";
import { type deliveryFilterFields, deliveryFilterOf } from "../deliveries/delivery-filter.ts";
import type { z } from "zod";

const RETRY_ALL_BATCH = 1000;

/**
 * Re-queues one delivery: a failed one (the dead-letter queue) or a
 * successful one (a resend). Its webhook must still be live and enabled. It
 * starts over, committed with its audit entry (the engine's restartDelivery).
 */
export async function retryDelivery({ deps, principal }: Ctx, id: string): Promise<void> {
  const { db } = deps;
  const delivery = await db.delivery.findFirst({
    where: { id, ...deliveryScope(principal) },
    include: { webhook: { select: { enabled: true, deletedAt: true } } },
  });
  if (!delivery) throw AppError.notFound("delivery");
  if (delivery.status === "pending")
    throw new AppError("conflict", "the delivery is already pending; it will be attempted at next_attempt_at");
  const why = unsendable(delivery.webhook);
  if (delivery.status === "cancelled" || why === "deleted")
    throw new AppError("conflict", "the delivery's webhook was deleted");
  if (why === "disabled") throw new AppError("conflict", "the delivery's webhook is disabled; enable it first");
  const operator = { db, queues: deps.deliveryQueues, actor: principal };
  if (!(await restartDelivery(operator, delivery)))
    throw new AppError("conflict", "the delivery changed meanwhile; reload it");
}

/**
 * Re-queues the failed deliveries the caller can see that match `filter`
 * (none: every one) and whose webhook is live and enabled, in pages: each
 * page is picked and restarted in one statement, committed with its audit
 * entry, which records the filter. With `dryRun`, only counts them.
 */
export function retryAllFailed(
  { deps, principal }: Ctx,
  { filter, dryRun }: { filter: z.infer<typeof deliveryFilterFields>; dryRun: boolean },
): Promise<number> {
  return restartFailedInBatches(
    { db: deps.db, queues: deps.deliveryQueues, actor: principal },
    {
      filter: { ...deliveryFilterOf(principal, filter), liveWebhooks: true },
      batch: RETRY_ALL_BATCH,
      dryRun,
      audit: (retried) => ({
        tenantId: principal.tenantId,
        action: "delivery.retried_all",
        resourceType: "delivery",
        changes: { retried, filter: auditedFilter(filter) },
      }),
    },
  );
}

/** The filter as the caller wrote it (instants as ISO 8601), for the audit entry. */
function auditedFilter(filter: z.infer<typeof deliveryFilterFields>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : (v as string | number)]),
  );
}
