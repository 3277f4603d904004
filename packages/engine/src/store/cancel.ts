import { sql } from "kysely";
import { qb, runCount, type SqlTarget } from "@herald/db";

/** Whose pending deliveries to cancel: some deliveries, one webhook's, or every webhook of a tenant's (not global webhooks'). */
export type CancelScope = { deliveryIds: readonly string[] } | { webhookId: string } | { tenantId: string };

/**
 * Cancels pending deliveries: they are never sent. The one cancel statement
 * (the worker's for a deleted webhook's job, and the webhook and tenant
 * deletes), so a cancelled delivery is always completed with no next attempt.
 * Pass the transaction that makes the delete, so both commit together.
 * Returns how many were cancelled.
 */
export async function cancelPending(target: SqlTarget, scope: CancelScope & { at?: Date }): Promise<number> {
  const at = scope.at ?? new Date();
  const query = qb
    .updateTable("deliveries")
    .set({ status: "cancelled", completed_at: at, next_attempt_at: null, updated_at: at })
    .where("status", "=", "pending")
    .where((eb) => {
      if ("deliveryIds" in scope) return eb("id", "=", sql<string>`any(${scope.deliveryIds}::uuid[])`);
      if ("webhookId" in scope) return eb("webhook_id", "=", sql<string>`${scope.webhookId}::uuid`);
      return eb(
        "webhook_id",
        "in",
        eb
          .selectFrom("webhooks")
          .select("webhooks.id")
          .where("webhooks.tenant_id", "=", sql<string>`${scope.tenantId}::uuid`),
      );
    })
    .compile();
  return runCount(target, query);
}
