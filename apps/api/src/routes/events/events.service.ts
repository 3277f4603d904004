import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { deliveryScope, eventScope } from "../deliveries/scope.ts";
import { enqueueOrDefer } from "../deliveries/enqueue.ts";
import type { PublishEventBody } from "./events.schemas.ts";
import { findPriorEvent, type PublishAnswer } from "./find-prior-event.ts";
import { checkEventType } from "./check-event-type.ts";
import { findSubscribers, insertEventWithDeliveries, isUniqueViolation } from "./insert-event.ts";

type Deps = Pick<AppDeps, "db" | "deliveryQueue"> & { config?: Pick<AppDeps["config"], "strictEventTypes"> };

async function tenantOfPublish(db: Deps["db"], principal: Principal, requested: string | null | undefined): Promise<string | null> {
  if (principal.role === "tenant") {
    // A tenant key publishes for its own tenant; naming another is a 404, as everything outside its tenant is.
    if (requested && requested !== principal.tenantId) throw AppError.notFound("tenant");
    return principal.tenantId;
  }
  if (!requested) return null;
  const tenant = await db.tenant.findFirst({ where: { id: requested, deletedAt: null }, select: { id: true } });
  if (!tenant) throw new AppError("validation_error", "invalid body: tenant_id: no such tenant", [{ field: "tenant_id", message: "tenant_id: no such tenant" }]);
  return tenant.id;
}

export interface PublishResult {
  answer: PublishAnswer;
  replayed: boolean;
}

/**
 * The transactional outbox: one transaction stores the event and a pending
 * delivery per subscribed webhook; only then are jobs enqueued. If Redis is
 * down the answer is still 202: the deliveries are in Postgres and the
 * worker's sweeper enqueues them when Redis is back.
 */
export async function publishEvent(deps: Deps & { log: Logger }, principal: Principal, { body, idempotencyKey }: { body: PublishEventBody; idempotencyKey?: string }): Promise<PublishResult> {
  const { db } = deps;
  const tenantId = await tenantOfPublish(db, principal, body.tenant_id);
  if (deps.config?.strictEventTypes) await checkEventType(db, { type: body.type, data: body.data });
  const scopedKey = idempotencyKey ? `${tenantId ?? "global"}:${idempotencyKey}` : null;
  const lookup = { scopedKey, id: body.id, tenantId };
  const prior = await findPriorEvent(db, lookup);
  if (prior) return { answer: prior, replayed: true };

  let created: { id: string; deliveryIds: string[] };
  try {
    // A webhook created between these two statements misses this event, as it
    // would had the event arrived a moment earlier; one deleted meanwhile has
    // its delivery cancelled by the worker.
    const webhookIds = await findSubscribers(db, { type: body.type, tenantId });
    created = await insertEventWithDeliveries(db, { id: body.id, tenantId, type: body.type, data: body.data, idempotencyKey: scopedKey }, webhookIds);
  } catch (err) {
    // A concurrent request with the same key or id won the race: answer as it did.
    const winner = isUniqueViolation(err) ? await findPriorEvent(db, lookup) : null;
    if (winner) return { answer: winner, replayed: true };
    throw err;
  }
  await enqueueOrDefer(deps, created.deliveryIds);
  return { answer: { id: created.id, deliveries: created.deliveryIds.length }, replayed: false };
}

export async function getEvent({ db }: Pick<AppDeps, "db">, principal: Principal, id: string) {
  const event = await db.event.findFirst({
    where: { id, ...eventScope(principal) },
    include: { deliveries: { where: deliveryScope(principal), orderBy: { id: "asc" } } },
  });
  if (!event) throw AppError.notFound("event");
  return event;
}
