import { isEventPattern, isEventType, isOperationalType, MAX_EVENT_TYPE_LENGTH } from "@herald/delivery";
import { z } from "zod";
import { limitParam } from "../../lib/pagination.ts";
import { instantParam, windowInOrder } from "../../openapi/common-schemas.ts";

export const EVENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** An event type or a pattern as webhooks subscribe (`invoice.updated`, `invoice.*`, `*`), for list filters. */
export const eventPatternParam = z
  .string({ message: "must be a string" })
  .max(MAX_EVENT_TYPE_LENGTH, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`)
  .refine(isEventPattern, "must be an event type (invoice.updated), a service wildcard (invoice.*) or *");

export const publishEventBody = z.strictObject({
  type: z
    .string({ message: "is required" })
    .max(MAX_EVENT_TYPE_LENGTH, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`)
    .refine(isEventType, "must be a dot-separated event type such as invoice.updated (letters, digits, _ and -)")
    .refine((t) => !isOperationalType(t), "herald.* is reserved for the events Herald raises itself"),
  data: z.record(z.string(), z.unknown(), { message: "must be a JSON object" }),
  tenant_id: z.uuid({ message: "must be a tenant id (UUID)" }).nullable().optional(),
  // A client-chosen event id doubles as an idempotency key, within its tenant.
  id: z
    .string()
    .regex(EVENT_ID_PATTERN, "must be 1-128 characters of letters, digits, _ . : -")
    .optional()
    .describe("your id for the event, unique within its tenant (or among global events); generated when omitted"),
});

export type PublishEventBody = z.infer<typeof publishEventBody>;

export const idempotencyKeyHeader = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .optional();

export const eventIdParams = z.object({ id: z.string().regex(EVENT_ID_PATTERN, "must be an event id") });

export const eventLookupQuery = z.strictObject({
  tenant_id: z
    .union([z.uuid(), z.literal("global")], { message: "must be a tenant id (UUID) or global" })
    .optional()
    .describe("the event's tenant, or `global`; an admin names it when more than one tenant uses the id (else 409)"),
});

export type EventLookupQuery = z.infer<typeof eventLookupQuery>;

// Client-chosen ids are not time-ordered, so a page of events continues from
// the last row's creation instant and id: `<epoch ms>_<event id>`.
const EVENT_CURSOR_PATTERN = /^(\d{1,15})_([A-Za-z0-9_.:-]{1,128})$/;

export function eventCursor(row: { id: string; createdAt: Date }): string {
  return `${row.createdAt.getTime()}_${row.id}`;
}

export function parseEventCursor(cursor: string): { createdAt: Date; id: string } {
  const [, ms, id] = EVENT_CURSOR_PATTERN.exec(cursor) ?? [];
  return { createdAt: new Date(Number(ms)), id: id ?? "" };
}

export const listEventsQuery = z
  .strictObject({
    type: eventPatternParam
      .optional()
      .describe("only events of this type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*`"),
    tenant_id: z
      .uuid({ message: "must be a tenant id (UUID)" })
      .optional()
      .describe("only this tenant's events (a tenant key: only its own)"),
    since: instantParam.optional().describe("created at or after this instant (ISO 8601)"),
    until: instantParam.optional().describe("created before this instant (ISO 8601)"),
    limit: limitParam(100, 25),
    cursor: z.string().regex(EVENT_CURSOR_PATTERN, "must be a cursor from X-Next-Cursor").optional(),
  })
  .superRefine(windowInOrder);

export type ListEventsQuery = z.infer<typeof listEventsQuery>;
