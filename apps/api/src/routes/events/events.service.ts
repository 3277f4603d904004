import { uuidv7 } from "@herald/db";
import { candidatePatterns } from "@herald/delivery";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { deliveryScope, eventScope, namedTenant, noSuchTenant } from "../../lib/tenancy.ts";
import { checkEventType } from "./check-event-type.ts";
import type { PublishEventBody } from "./events.schemas.ts";
import { findPriorEvent, type PublishAnswer } from "./find-prior-event.ts";

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
export async function publishEvent({ deps, principal }: Ctx, { body, idempotencyKey }: { body: PublishEventBody; idempotencyKey?: string }): Promise<PublishResult> {
  const tenantId = namedTenant(principal, body.tenant_id) ?? null;
  if (deps.config.strictEventTypes) await checkEventType(deps.db, { type: body.type, data: body.data });
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

export async function findEvent({ deps, principal }: Ctx, id: string) {
  const event = await deps.db.event.findFirst({
    where: { id, ...eventScope(principal) },
    include: { deliveries: { where: deliveryScope(principal), orderBy: { id: "asc" } } },
  });
  if (!event) throw AppError.notFound("event");
  return event;
}
