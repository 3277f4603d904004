import { type DeliveryFilter, matchingDeliveries } from "@herald/engine";
import { type Db, runRows } from "@herald/db";
import { z } from "zod";
import type { Principal } from "../../middleware/authenticate.ts";
import { namedTenant } from "../../lib/tenancy.ts";
import { instantParam } from "../../openapi/common-schemas.ts";
import { EVENT_ID_PATTERN, eventPatternParam } from "../events/events.schemas.ts";

/**
 * The one filter of delivery searches: `GET /deliveries`, the dead-letter
 * queue and retry-all take these fields (the same names in a query string or
 * a JSON body), and `deliveryFilterOf` turns them into the engine's
 * DeliveryFilter, whose one statement builder they all run.
 */
export const deliveryFilterFields = z.strictObject({
  webhook_id: z.uuid({ message: "must be a webhook id (UUID)" }).optional(),
  tenant_id: z
    .uuid({ message: "must be a tenant id (UUID)" })
    .optional()
    .describe("the tenant's deliveries to its own webhooks, as its key sees them (a tenant key: only its own)"),
  event_type: eventPatternParam
    .optional()
    .describe("an event type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*`"),
  event_id: z
    .string({ message: "must be a string" })
    .regex(EVENT_ID_PATTERN, "must be an event id")
    .optional()
    .describe("the event's id, as its publisher gave it"),
  http_status: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(100, "must be an HTTP status code, 100-599")
    .max(599, "must be an HTTP status code, 100-599")
    .optional()
    .describe("the status code of the last attempt's answer"),
  since: instantParam.optional().describe("created at or after this instant (ISO 8601)"),
  until: instantParam.optional().describe("created before this instant (ISO 8601)"),
});

type FilterInput = z.infer<typeof deliveryFilterFields>;

/** The engine's filter for what the caller asked, within what it may see (a tenant key: its own tenant). */
export function deliveryFilterOf(principal: Principal, input: FilterInput): DeliveryFilter {
  const filter: DeliveryFilter = {
    webhookId: input.webhook_id,
    tenantId: namedTenant(principal, input.tenant_id),
    eventType: input.event_type,
    eventId: input.event_id,
    httpStatus: input.http_status,
    createdFrom: input.since,
    createdBefore: input.until,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

/**
 * The ids of one newest-first page of matching deliveries after `cursor`,
 * with one extra to tell whether more exist (see lib/pagination.ts).
 */
export async function pageOfDeliveryIds(
  db: Db,
  { filter, limit, cursor }: { filter: DeliveryFilter; limit: number; cursor?: string },
): Promise<string[]> {
  const query = matchingDeliveries(cursor === undefined ? filter : { ...filter, beforeId: cursor })
    .select("d.id")
    .orderBy("d.id", "desc")
    .limit(limit + 1);
  return (await runRows(db, query.compile())).map((row) => row.id);
}
