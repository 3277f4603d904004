import { uuidv7 } from "@herald/db";
import { candidatePatterns } from "@herald/delivery";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { deliveryScope, eventScope } from "../deliveries/scope.ts";
import { checkEventType } from "./check-event-type.ts";
import type { PublishEventBody } from "./events.schemas.ts";
import { findPriorEvent, type PublishAnswer } from "./find-prior-event.ts";

type Deps = Pick<AppDeps, "db" | "publisher"> & { config?: Pick<AppDeps["config"], "strictEventTypes"> };

/** A tenant key publishes for its own tenant; naming another is a 404, as everything outside its tenant is. */
export function tenantOfPublish(principal: Principal, requested: string | null | undefined): string | null {
  if (principal.role === "admin") return requested ?? null;
  if (requested && requested !== principal.tenantId) throw AppError.notFound("tenant");
  return principal.tenantId;
}

const noSuchTenant = () => new AppError("validation_error", "invalid body: tenant_id: no such tenant", [{ field: "tenant_id", message: "tenant_id: no such tenant" }]);

// Postgres's jsonb cannot hold U+0000 (a JSON "\u0000" escape, preceded by an even number of backslashes).
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/** An event's data as the JSON text the create statement takes; refused if Postgres could not store it. */
export function serializeEventData(data: unknown, field = "data"): string {
  const json = JSON.stringify(data);
  if (NUL_ESCAPE.test(json)) throw new AppError("validation_error", `invalid body: ${field}: must not contain the character U+0000`, [{ field, message: `${field}: must not contain the character U+0000` }]);
  return json;
}

export interface PublishResult {
  answer: PublishAnswer;
  replayed: boolean;
}

/**
 * The transactional outbox, batched: the event and a pending delivery per
 * subscribed webhook are committed (with other publishes of the same moment,
 * in one statement; see publish-batcher.ts) before the answer; jobs are
 * enqueued after the commit. If Redis is down the answer is still 202: the
 * deliveries are in Postgres and the worker's sweeper enqueues them.
 * A taken id or idempotency key answers like the earlier publish.
 */
export async function publishEvent(deps: Deps, principal: Principal, { body, idempotencyKey }: { body: PublishEventBody; idempotencyKey?: string }): Promise<PublishResult> {
  const tenantId = tenantOfPublish(principal, body.tenant_id);
  if (deps.config?.strictEventTypes) await checkEventType(deps.db, { type: body.type, data: body.data });
  const data = serializeEventData(body.data);
  const scopedKey = idempotencyKey ? `${tenantId ?? "global"}:${idempotencyKey}` : null;
  const event = { id: body.id ?? uuidv7(), tenantId, type: body.type, data, idempotencyKey: scopedKey, patterns: candidatePatterns(body.type) };
  // Twice at most: an expired key that blocked the first try is released by findPriorEvent.
  for (let round = 0; round < 2; round++) {
    const outcome = await deps.publisher.submit(event);
    if (outcome.kind === "created") return { answer: { id: event.id, deliveries: outcome.deliveryIds.length }, replayed: false };
    if (outcome.kind === "no_tenant") throw noSuchTenant();
    const prior = await findPriorEvent(deps.db, { scopedKey, id: body.id, tenantId });
    if (prior) return { answer: prior, replayed: true };
  }
  throw new AppError("conflict", "the idempotency key is in use by a concurrent request; retry", [{ field: "idempotency-key", message: "idempotency-key: in use by a concurrent request" }]);
}

export async function getEvent({ db }: Pick<AppDeps, "db">, principal: Principal, id: string) {
  const event = await db.event.findFirst({
    where: { id, ...eventScope(principal) },
    include: { deliveries: { where: deliveryScope(principal), orderBy: { id: "asc" } } },
  });
  if (!event) throw AppError.notFound("event");
  return event;
}
