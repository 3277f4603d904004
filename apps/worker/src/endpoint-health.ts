import type { Db } from "@herald/db";

export type HealthAction = { kind: "none" } | { kind: "clear" } | { kind: "start" } | { kind: "disable"; reason: string };

export interface HealthInput {
  ok: boolean;
  statusCode: number | null;
  /** Start of the webhook's current run of failures, as loaded with the delivery. */
  failingSince: Date | null;
  now: Date;
  disableAfterMs: number;
}

function describeSpan(ms: number): string {
  const days = ms / 86_400_000;
  if (Number.isInteger(days)) return `${days} day${days === 1 ? "" : "s"}`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * What one attempt's result means for its endpoint: a success ends a failing
 * run; a failure starts one, or (410 Gone at once, or a run that has lasted
 * the whole auto-disable span) disables the endpoint.
 */
export function healthAction({ ok, statusCode, failingSince, now, disableAfterMs }: HealthInput): HealthAction {
  if (ok) return failingSince ? { kind: "clear" } : { kind: "none" };
  if (statusCode === 410) return { kind: "disable", reason: "the endpoint answered 410 Gone" };
  if (!failingSince) return { kind: "start" };
  if (now.getTime() - failingSince.getTime() >= disableAfterMs) {
    return { kind: "disable", reason: `every delivery failed for ${describeSpan(disableAfterMs)} (since ${failingSince.toISOString()})` };
  }
  return { kind: "none" };
}

export const SYSTEM_ACTOR = "system";

/**
 * Disables a webhook on Herald's own decision, with the reason and an audit
 * entry (actor "system") in one transaction. Returns false when it was
 * already disabled (or deleted), so only one worker reports it.
 */
export async function disableWebhook(db: Db, { webhookId, tenantId, reason, now }: { webhookId: string; tenantId: string | null; reason: string; now: Date }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({ where: { id: webhookId, enabled: true, deletedAt: null }, data: { enabled: false, disabledReason: reason, disabledAt: now } });
    if (count === 0) return false;
    await tx.auditLog.create({
      data: { tenantId, actorId: SYSTEM_ACTOR, action: "webhook.disabled", resourceType: "webhook", resourceId: webhookId, changes: { enabled: { from: true, to: false }, disabled_reason: reason } },
    });
    return true;
  });
}

/** Applies a health action; returns the reason when this call disabled the webhook. */
export async function applyHealthAction(db: Db, { action, webhookId, tenantId, now }: { action: HealthAction; webhookId: string; tenantId: string | null; now: Date }): Promise<string | null> {
  switch (action.kind) {
    case "clear":
      await db.webhook.updateMany({ where: { id: webhookId, failingSince: { not: null } }, data: { failingSince: null } });
      return null;
    case "start":
      await db.webhook.updateMany({ where: { id: webhookId, failingSince: null }, data: { failingSince: now } });
      return null;
    case "disable":
      return (await disableWebhook(db, { webhookId, tenantId, reason: action.reason, now })) ? action.reason : null;
    default:
      return null;
  }
}
