import { encrypt } from "@herald/crypto";
import { matchesFilter, restartFailed, uuidv7 } from "@herald/db";
import { generateSecret } from "@herald/signing";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { writeAudit } from "../../lib/audit.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { enqueueOrDefer } from "../deliveries/enqueue.ts";
import type { PublishEventBody } from "../events/events.schemas.ts";
import { serializeEventData, tenantOfPublish } from "../events/events.service.ts";
import type { WebhookRow } from "./webhook-view.ts";
import { findWebhook } from "./webhooks.service.ts";

type Ctx = { deps: AppDeps; principal: Principal };

export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
const RECOVER_BATCH = 1000;

/**
 * A new signing secret; the current one becomes the previous secret and
 * still signs (both signatures sent) until the overlap ends, so receivers
 * switch without dropping deliveries. A secret still in its overlap from an
 * earlier rotation is dropped. Conditional on the secret being unchanged, so
 * two concurrent rotations cannot both claim the same previous secret.
 */
export async function rotateSecret({ deps, principal }: Ctx, { id, secret }: { id: string; secret?: string }): Promise<{ row: WebhookRow; secret: string; previousExpiresAt: Date }> {
  const current = await findWebhook({ deps, principal }, id);
  const next = secret ?? generateSecret();
  const previousExpiresAt = new Date(Date.now() + (deps.config.secretRotationOverlapMs ?? DEFAULT_ROTATION_OVERLAP_MS));
  const row = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({
      where: { id, deletedAt: null, secretEncrypted: current.secretEncrypted },
      data: { secretEncrypted: encrypt(next, deps.config.encryptionKey), previousSecretEncrypted: current.secretEncrypted, previousSecretExpiresAt: previousExpiresAt },
    });
    if (count === 0) throw new AppError("conflict", "the webhook's secret changed meanwhile; try again");
    await writeAudit(tx, principal, { tenantId: current.tenantId, action: "webhook.secret_rotated", resourceType: "webhook", resourceId: id, changes: { previous_secret_expires_at: previousExpiresAt.toISOString(), secret_chosen_by_caller: secret !== undefined } });
    return tx.webhook.findUniqueOrThrow({ where: { id } });
  });
  return { row, secret: next, previousExpiresAt };
}

/**
 * Re-queues the webhook's failed deliveries created in [since, until), as the
 * dead-letter retry does (attempt counter reset), in batches.
 */
export async function recoverDeliveries({ deps, principal, log }: Ctx & { log: Logger }, { id, since, until = new Date() }: { id: string; since: Date; until?: Date }): Promise<number> {
  const webhook = await findWebhook({ deps, principal }, id);
  if (!webhook.enabled) throw new AppError("conflict", "the webhook is disabled; enable it first");
  const filter = { webhookId: id, createdFrom: since, createdBefore: until };
  let recovered = 0;
  for (;;) {
    // Each page is picked and restarted in one statement (the delivery store's restart).
    const restarted = await restartFailed(deps.db, { filter, limit: RECOVER_BATCH });
    recovered += restarted.length;
    if (restarted.length > 0) await enqueueOrDefer({ deliveryQueues: deps.deliveryQueues, log }, restarted.map(({ id: deliveryId }) => ({ deliveryId, webhookId: id })), { replace: true });
    if (restarted.length < RECOVER_BATCH) break;
  }
  await writeAudit(deps.db, principal, { tenantId: webhook.tenantId, action: "webhook.recovered", resourceType: "webhook", resourceId: id, changes: { since: since.toISOString(), until: until.toISOString(), recovered } });
  return recovered;
}

/**
 * Whether an event, published as `payload`, would pass the webhook's filter
 * (or `filter`, unsaved). Its envelope is made as a publish makes it and
 * evaluated by the functions fan-out uses; the webhook's event patterns and
 * state are not considered, and nothing is stored.
 */
export async function testFilter({ deps, principal }: Ctx, { id, payload, filter }: { id: string; payload: PublishEventBody; filter?: Record<string, unknown> }): Promise<boolean> {
  const webhook = await findWebhook({ deps, principal }, id);
  const tenantId = tenantOfPublish(principal, payload.tenant_id);
  const data = serializeEventData(payload.data, "payload.data");
  const chosen = filter ?? webhook.filter;
  if (chosen === null) return true;
  return matchesFilter(deps.db, { filter: chosen, id: payload.id ?? uuidv7(), type: payload.type, createdAt: new Date(), tenantId, data });
}
