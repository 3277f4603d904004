import { type Db, SYSTEM_ACTOR, writeAudit } from "@herald/db";
import type { EndpointSubject } from "@herald/delivery";
import { setWebhookEnabled } from "../webhooks/webhook-state.ts";
import type { PlannedJob } from "../queue/delivery-queue.ts";

export type HealthAction =
  | { kind: "none" }
  | { kind: "clear" }
  | { kind: "start" }
  | { kind: "disable"; reason: string };

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
    return {
      kind: "disable",
      reason: `every delivery failed for ${describeSpan(disableAfterMs)} (since ${failingSince.toISOString()})`,
    };
  }
  return { kind: "none" };
}

/** This call disabled the webhook: why, and the jobs of its `herald.endpoint.disabled` event (enqueue them). */
export interface Disabled {
  reason: string;
  jobs: PlannedJob[];
}

/**
 * Disables a webhook on Herald's own decision, with the reason, an audit
 * entry (actor "system") and its `herald.endpoint.disabled` event in one
 * transaction. Returns null when it was already disabled (or deleted), so
 * only one worker reports it.
 */
async function disableWebhook(
  db: Db,
  { webhook, reason, now }: { webhook: EndpointSubject; reason: string; now: Date },
): Promise<Disabled | null> {
  return db.$transaction(async (tx) => {
    const jobs = await setWebhookEnabled(tx, { webhook, enabled: false, reason, trigger: "automatic", at: now });
    if (jobs === null) return null;
    await writeAudit(tx, SYSTEM_ACTOR, {
      tenantId: webhook.tenantId,
      action: "webhook.disabled",
      resourceType: "webhook",
      resourceId: webhook.id,
      changes: { enabled: { from: true, to: false }, disabled_reason: reason },
    });
    return { reason, jobs };
  });
}

/** Applies a health action; says so when this call disabled the webhook. */
export async function applyHealthAction(
  db: Db,
  { action, webhook, now }: { action: HealthAction; webhook: EndpointSubject; now: Date },
): Promise<Disabled | null> {
  switch (action.kind) {
    case "clear":
      await db.webhook.updateMany({
        where: { id: webhook.id, failingSince: { not: null } },
        data: { failingSince: null },
      });
      return null;
    case "start":
      await db.webhook.updateMany({ where: { id: webhook.id, failingSince: null }, data: { failingSince: now } });
      return null;
    case "disable":
      return disableWebhook(db, { webhook, reason: action.reason, now });
    default:
      return null;
  }
}
