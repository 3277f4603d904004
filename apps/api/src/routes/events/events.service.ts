import { type Db, type Prisma, publicEventId, uuidv7 } from "@herald/db";
import { candidatePatterns, patternScope } from "@herald/delivery";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { validateAgainst } from "../../lib/json-schema.ts";
import { deliveryScope, eventScope, namedTenant, noSuchTenant } from "../../lib/tenancy.ts";
import {
  type EventLookupQuery,
  type ListEventsQuery,
  type PublishEventBody,
  parseEventCursor,
} from "./events.schemas.ts";

// Postgres's jsonb cannot hold U+0000 (a JSON "\u0000" escape, preceded by an even number of backslashes).
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/** An event's data as the JSON text the create statement takes; refused if Postgres could not store it. */
export function serializeEventData(data: unknown, field = "data"): string {
  const json = JSON.stringify(data);
  if (NUL_ESCAPE.test(json))
    throw new AppError("validation_error", `invalid body: ${field}: must not contain the character U+0000`, [
      { field, message: `${field}: must not contain the character U+0000` },
    ]);
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
 * A taken id or idempotency key answers like the earlier publish when the
 * body is the same (the same type, id and data, as JSON: key order and spacing
 * aside), else 409 naming it, so a different event is never dropped unsaid.
 * A client's id is taken only within its tenant: the event gets an id of Herald's too.
 */
export async function publishEvent(
  { deps, principal }: Ctx,
  { body, idempotencyKey }: { body: PublishEventBody; idempotencyKey?: string },
): Promise<PublishResult> {
  const tenantId = namedTenant(principal, body.tenant_id) ?? null;
  if (deps.config.strictEventTypes) await checkEventType(deps.db, { type: body.type, data: body.data });
  const data = serializeEventData(body.data);
  const scopedKey = idempotencyKey ? `${tenantId ?? "global"}:${idempotencyKey}` : null;
  const event = {
    id: uuidv7(),
    clientId: body.id ?? null,
    tenantId,
    type: body.type,
    data,
    idempotencyKey: scopedKey,
    patterns: candidatePatterns(body.type),
  };
  // Twice at most: an expired key that blocked the first try is released by findPriorEvent.
  for (let round = 0; round < 2; round++) {
    const outcome = await deps.publisher.submit(event);
    if (outcome.kind === "created")
      return { answer: { id: publicEventId(event), deliveries: outcome.deliveryIds.length }, replayed: false };
    if (outcome.kind === "no_tenant") throw noSuchTenant();
    const prior = await findPriorEvent(deps.db, { scopedKey, id: body.id, tenantId });
    if (!prior) continue;
    if (!(await sameEvent(deps.db, prior, event))) throw reusedWithAnotherBody(prior.by, idempotencyKey, body.id);
    return { answer: prior.answer, replayed: true };
  }
  throw new AppError("conflict", "the idempotency key is in use by a concurrent request; retry", [
    { field: "idempotency-key", message: "idempotency-key: in use by a concurrent request" },
  ]);
}

/**
 * The caller's events, newest first, optionally of one type: a tenant its own,
 * an admin every one. Ordered by creation instant (the partition key, so older
 * days are read only as the pages reach them), then id.
 */
export async function listEvents({ deps, principal }: Ctx, query: ListEventsQuery) {
  const after = query.cursor ? parseEventCursor(query.cursor) : null;
  return deps.db.event.findMany({
    where: {
      AND: [
        eventScope(principal),
        query.tenant_id ? { tenantId: namedTenant(principal, query.tenant_id) } : {},
        query.type ? eventTypeWhere(query.type) : {},
        query.since ? { createdAt: { gte: query.since } } : {},
        query.until ? { createdAt: { lt: query.until } } : {},
        after
          ? {
              createdAt: { lte: after.createdAt },
              OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }],
            }
          : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
}

/**
 * An event by the id its publisher sees, in the caller's tenant. An id is
 * unique only within a tenant (or among global events), so an admin names
 * the tenant (`tenant_id`, or `global`) when more than one uses it.
 */
export async function findEvent({ deps, principal }: Ctx, { id, query }: { id: string; query: EventLookupQuery }) {
  const named = namedTenant(principal, query.tenant_id);
  const keys = await deps.db.eventKey.findMany({
    where: { publicId: id, ...(named === undefined ? {} : { tenantId: named === "global" ? null : named }) },
    take: 2,
  });
  if (keys.length > 1)
    throw new AppError("conflict", "events of more than one tenant have this id; name the tenant (or global)", [
      {
        field: "tenant_id",
        message: "tenant_id: events of more than one tenant have this id; name the tenant (or global)",
      },
    ]);
  // event_keys' created_at takes the lookup to one partition.
  const event = keys[0]
    ? await deps.db.event.findFirst({
        where: { id: keys[0].eventId, createdAt: keys[0].createdAt, ...eventScope(principal) },
        include: { deliveries: { where: deliveryScope(principal), orderBy: { id: "asc" } } },
      })
    : null;
  if (!event) throw AppError.notFound("event");
  return event;
}

/**
 * HERALD_STRICT_EVENT_TYPES: the type must be registered (and not archived)
 * in /event-types, and the data must satisfy its JSON Schema when it has one.
 */
async function checkEventType(db: Db, { type, data }: { type: string; data: unknown }): Promise<void> {
  const row = await db.eventType.findUnique({ where: { name: type } });
  if (!row || row.archivedAt) {
    throw new AppError("unprocessable_entity", `invalid body: type: ${type} is not a registered event type`, [
      { field: "type", message: "type: is not a registered event type (see /event-types)" },
    ]);
  }
  if (!row.schema) return;
  const details = validateAgainst({
    name: row.name,
    stamp: row.updatedAt.getTime(),
    schema: row.schema as Record<string, unknown>,
    data,
  });
  if (details.length)
    throw new AppError(
      "unprocessable_entity",
      `invalid body: ${details[0]!.message} (event type ${type}'s schema)`,
      details,
    );
}

/** A repeat within this window answers like the first request and creates nothing. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

interface PublishAnswer {
  id: string;
  deliveries: number;
}

interface PriorEvent {
  answer: PublishAnswer;
  /** Its row (events' key: id and created_at). */
  row: { id: string; createdAt: Date };
  /** What the new publish shares with it. */
  by: "idempotency-key" | "id";
}

/**
 * Is the repeat the same event as the stored one: the same type and data,
 * and the same id given (an event stored before ids were per tenant holds a
 * client's id as its own), or none? Data is compared as jsonb (in Postgres,
 * exactly: numbers by value, objects whatever their key order), so a
 * byte-identical repeat always is.
 */
async function sameEvent(
  db: Db,
  { row }: PriorEvent,
  event: { type: string; clientId: string | null; data: string },
): Promise<boolean> {
  const [found] = await db.$queryRaw<Array<{ same: boolean }>>`
    SELECT (type = ${event.type} AND data = ${event.data}::jsonb
      AND CASE WHEN ${event.clientId}::text IS NULL THEN client_id IS NULL ELSE coalesce(client_id, id) = ${event.clientId} END) AS same
    FROM events WHERE id = ${row.id} AND created_at = ${row.createdAt}`;
  return found?.same === true;
}

/** 409: an idempotency key (or an event id) taken by an event with another body. */
function reusedWithAnotherBody(by: PriorEvent["by"], key: string | undefined, id: string | undefined): AppError {
  const what = by === "idempotency-key" ? `Idempotency-Key ${JSON.stringify(key)}` : `event id ${JSON.stringify(id)}`;
  const message = `${what} was used within 24 h for an event with a different body; use a new one for a new event`;
  return new AppError("conflict", message, [{ field: by, message: `${by}: ${message}` }]);
}

/**
 * The answer of an earlier publish with the same idempotency key or event id
 * (both scoped to the tenant), or null when there is none in the window. An
 * expired key is released so it can be used again; an event id stays taken.
 */
async function findPriorEvent(
  db: Db,
  { scopedKey, id, tenantId }: { scopedKey: string | null; id?: string; tenantId: string | null },
): Promise<PriorEvent | null> {
  const or = [...(scopedKey ? [{ idempotencyKey: scopedKey }] : []), ...(id ? [{ publicId: id, tenantId }] : [])];
  if (or.length === 0) return null;
  // event_keys holds the unique indexes (events is partitioned by time); its
  // created_at takes the events lookup to one partition.
  const key = await db.eventKey.findFirst({ where: { OR: or } });
  if (!key) return null;
  const prior = await db.event.findFirst({
    where: { id: key.eventId, createdAt: key.createdAt },
    include: { _count: { select: { deliveries: true } } },
  });
  if (!prior) return null;
  const expired = Date.now() - prior.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS;
  if (expired && id !== undefined && publicEventId(prior) === id) {
    throw new AppError("conflict", "an event with this id already exists", [
      { field: "id", message: "id: is already used by another event" },
    ]);
  }
  if (expired) {
    // A trigger releases it in event_keys too.
    await db.event.updateMany({
      where: { id: prior.id, createdAt: prior.createdAt, idempotencyKey: scopedKey },
      data: { idempotencyKey: null },
    });
    return null;
  }
  return {
    answer: { id: publicEventId(prior), deliveries: prior._count.deliveries },
    row: { id: prior.id, createdAt: prior.createdAt },
    by: scopedKey !== null && key.idempotencyKey === scopedKey ? "idempotency-key" : "id",
  };
}

/** The events a type pattern selects, by the rule webhooks subscribe with (@herald/delivery's patternScope). */
function eventTypeWhere(pattern: string): Prisma.EventWhereInput {
  const scope = patternScope(pattern);
  if ("type" in scope) return { type: scope.type };
  if ("prefix" in scope) return { type: { startsWith: likeLiteral(scope.prefix) } };
  return { NOT: { type: { startsWith: likeLiteral(scope.allButPrefix) } } };
}

/** Prisma's startsWith is a LIKE that leaves `_` (a type's character, LIKE's any-character) unescaped. */
const likeLiteral = (prefix: string) => prefix.replace(/[\\%_]/g, "\\$&");
