import { isEventType, MASKED_HEADER_VALUE } from "@herald/delivery";
import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { windowInOrder } from "../../openapi/common-schemas.ts";
import { deliveryFilterFields } from "./delivery-filter.ts";

export const deliveryIdParams = z.object({ id: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const retryParams = z.object({ deliveryId: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const webhookIdParams = z.object({ id: z.uuid({ message: "must be a webhook id (UUID)" }) });

const statusParam = z
  .enum(["pending", "success", "failed", "cancelled"], { message: "must be pending, success, failed or cancelled" })
  .optional();

export const listDeliveriesQuery = deliveryFilterFields
  .extend({ status: statusParam, limit: limitParam(100, 50), cursor: cursorParam })
  .superRefine(windowInOrder);

export const failedQuery = deliveryFilterFields
  .extend({ limit: limitParam(500, 100), cursor: cursorParam })
  .superRefine(windowInOrder);

export const retryAllBody = deliveryFilterFields
  .extend({
    dry_run: z
      .boolean({ message: "must be true or false" })
      .default(false)
      .describe("answer how many would be retried, changing nothing"),
  })
  .superRefine(windowInOrder);

export const webhookDeliveriesQuery = z.strictObject({
  status: statusParam,
  limit: limitParam(100, 50),
  cursor: cursorParam,
});

export const testWebhookBody = z.strictObject({
  event: z.string().refine(isEventType, "must be an event type such as invoice.updated").default("ping"),
  data: z.record(z.string(), z.unknown(), { message: "must be a JSON object" }).optional(),
});

// Response shapes, for /openapi.json (deliveries.service.ts renders them).
const instant = z.string().describe("ISO 8601");
const eventId = z.string().describe("the id the publisher gave, else Herald's; unique within the event's tenant");
export const deliveryOut = z.object({
  id: z.uuid(),
  event_id: eventId,
  webhook_id: z.uuid(),
  tenant_id: z.uuid().nullable(),
  status: z.enum(["pending", "success", "failed", "cancelled"]),
  attempt_count: z.number().int(),
  next_attempt_at: instant.nullable(),
  last_attempt_at: instant.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  completed_at: instant.nullable(),
  created_at: instant,
  updated_at: instant,
});
/** A delivery in a list: with its event's type. */
export const deliveryRowOut = deliveryOut.extend({ event_type: z.string() });
const attemptOut = z.object({
  id: z.uuid(),
  attempt_number: z.number().int(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().nullable().describe("first 4 KiB of the answer"),
  response_headers: z.record(z.string(), z.string()).nullable(),
  request: z
    .object({
      method: z.literal("POST"),
      url: z.string(),
      headers: z
        .record(z.string(), z.string())
        .describe(`every header sent, by lowercase name; custom header values are shown as "${MASKED_HEADER_VALUE}"`),
      body: z.string().describe("the exact bytes sent: the event's envelope"),
    })
    .nullable()
    .describe("the request as sent; null when none was sent (a refused target) or the attempt predates recording it"),
  created_at: instant,
});
const heldOut = z
  .object({
    reason: z
      .enum(["webhook_disabled", "fifo_waiting", "circuit_open", "in_flight_full", "rate_limited", "queued"])
      .describe(
        "webhook_disabled: waits for the webhook to be enabled; fifo_waiting: behind the head of its FIFO line; " +
          "circuit_open: the endpoint's circuit is open until its next probe; in_flight_full: max_in_flight requests " +
          "are under way; rate_limited: the rate limit's window is full; queued: due, waiting for a worker",
      ),
    message: z.string().describe("the reason in a sentence"),
    until: instant.nullable().describe("when the hold ends, when known (circuit_open: the next probe)"),
    behind_delivery_id: z.uuid().nullable().describe("fifo_waiting: the head of the line"),
  })
  .describe(
    "why a pending delivery is not being sent now; null when it is not pending or waits for its scheduled retry",
  );
export const eventOut = z.object({
  id: eventId,
  type: z.string(),
  tenant_id: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
  created_at: instant,
});
export const webhookSummaryOut = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  tenant_id: z.uuid().nullable(),
  enabled: z.boolean(),
  deleted: z.boolean(),
});
export const statsOut = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  success: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export const testSendOut = z.object({
  success: z.boolean(),
  response_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().optional(),
  response_body: z
    .string()
    .nullable()
    .describe("the start of the receiver's answer, as an attempt keeps it; null without one"),
  response_headers: z
    .record(z.string(), z.string())
    .nullable()
    .describe("the receiver's answer headers; null without one"),
});
export const deliveryDetailOut = deliveryOut.extend({
  event_type: z.string(),
  envelope: z.string().describe("the body every attempt sends, byte for byte: the event's envelope"),
  held: heldOut.nullable(),
  attempts: attemptOut.array(),
});
