import { isEventType } from "@herald/delivery";
import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";

export const deliveryIdParams = z.object({ id: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const retryParams = z.object({ deliveryId: z.uuid({ message: "must be a delivery id (UUID)" }) });
export const webhookIdParams = z.object({ id: z.uuid({ message: "must be a webhook id (UUID)" }) });

export const failedQuery = z.object({ limit: limitParam(500, 100), cursor: cursorParam });

export const webhookDeliveriesQuery = z.object({
  status: z.enum(["pending", "success", "failed", "cancelled"], { message: "must be pending, success, failed or cancelled" }).optional(),
  limit: limitParam(100, 50),
  cursor: cursorParam,
});

export const testWebhookBody = z.object({
  event: z.string().refine(isEventType, "must be an event type such as invoice.updated").default("ping"),
  data: z.record(z.string(), z.unknown(), { message: "must be a JSON object" }).optional(),
});
