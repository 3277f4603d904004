import type { Prisma } from "@herald/db";
import { type EndpointSubject, operationalRecord } from "@herald/delivery";
import { storeEvent } from "../publish/create-events.ts";
import type { PlannedJob } from "../queue/delivery-queue.ts";
import { cancelPending } from "../store/cancel.ts";

// A webhook's state changes, one function each: how it is disabled and
// enabled (with its herald.endpoint.* event), and how it is retired (deleted
// on its own or with its tenant). The API and the worker both change webhooks
// through these, never by writing the flags themselves. Whether it may be
// sent to is sendable-webhook.ts.

type Tx = Prisma.TransactionClient;

/**
 * Turns a live webhook's `enabled` flag to `enabled`, if it is not already,
 * and stores the herald.endpoint.enabled / .disabled event in the same
 * transaction. Enabling clears the failing run and the disable reason;
 * disabling records `reason` (null: no reason given, a manual disable).
 * Conditional on the current flag, so concurrent changes (an operator, a
 * worker) make one transition and one event. Returns the event's jobs
 * (enqueue them after the commit), or null when nothing changed.
 */
export async function setWebhookEnabled(
  tx: Tx,
  {
    webhook,
    enabled,
    reason = null,
    trigger,
    at = new Date(),
  }: {
    webhook: EndpointSubject;
    enabled: boolean;
    reason?: string | null;
    trigger: "automatic" | "manual";
    at?: Date;
  },
): Promise<PlannedJob[] | null> {
  const { count } = await tx.webhook.updateMany({
    where: { id: webhook.id, enabled: !enabled, deletedAt: null },
    data: enabled
      ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
      : { enabled: false, disabledReason: reason, disabledAt: at },
  });
  if (count === 0) return null;
  const event = enabled
    ? ({ type: "herald.endpoint.enabled", endpoint: webhook, at } as const)
    : ({ type: "herald.endpoint.disabled", endpoint: webhook, at, trigger, reason } as const);
  return storeEvent(tx, operationalRecord(event));
}

/** Whose webhooks to retire: one webhook, or every webhook of a tenant being deleted. */
export type RetireScope = { webhookId: string } | { tenantId: string };

/**
 * Retires webhooks: soft-deleted (their history stays readable), disabled,
 * and their pending deliveries cancelled, in the caller's transaction (with
 * its audit entry). Returns how many webhooks and deliveries it touched.
 */
export async function retireWebhooks(
  tx: Tx,
  scope: RetireScope,
  at = new Date(),
): Promise<{ webhooks: number; deliveriesCancelled: number }> {
  const where = "webhookId" in scope ? { id: scope.webhookId } : { tenantId: scope.tenantId };
  const { count } = await tx.webhook.updateMany({
    where: { ...where, deletedAt: null },
    data: { deletedAt: at, enabled: false },
  });
  const deliveriesCancelled = await cancelPending(tx, { ...scope, at });
  return { webhooks: count, deliveriesCancelled };
}
