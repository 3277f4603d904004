import { isEventType } from "@herald/delivery";
import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";

export const deliveryIdParams = z.object({ id: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const retryParams = z.object({ deliveryId: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const webhookIdParams = z.object({ id: z.uuid({ message: "must be a webhook id (UUID)" }) });

export const failedQuery = z.strictObject({ limit: limitParam(500, 100), cursor: cursorParam });

export const webhookDeliveriesQuery = z.strictObject({
  status: z
    .enum(["pending", "success", "failed", "cancelled"], { message: "must be pending, success, failed or cancelled" })
    .optional(),
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
export const attemptOut = z.object({
  id: z.uuid(),
  attempt_number: z.number().int(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().nullable().describe("first 4 KiB of the answer"),
  response_headers: z.record(z.string(), z.string()).nullable(),
  created_at: instant,
});
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
