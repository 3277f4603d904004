import { isEventType, isOperationalType, MAX_EVENT_TYPE_LENGTH } from "@herald/delivery";
import { z } from "zod";

const EVENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

export const publishEventBody = z.strictObject({
  type: z
    .string({ message: "is required" })
    .max(MAX_EVENT_TYPE_LENGTH, `must be at most ${MAX_EVENT_TYPE_LENGTH} characters`)
    .refine(isEventType, "must be a dot-separated event type such as invoice.updated (letters, digits, _ and -)")
    .refine((t) => !isOperationalType(t), "herald.* is reserved for the events Herald raises itself"),
  data: z.record(z.string(), z.unknown(), { message: "must be a JSON object" }),
  tenant_id: z.uuid({ message: "must be a tenant id (UUID)" }).nullable().optional(),
  // A client-chosen event id doubles as an idempotency key.
  id: z.string().regex(EVENT_ID_PATTERN, "must be 1-128 characters of letters, digits, _ . : -").optional(),
});

export type PublishEventBody = z.infer<typeof publishEventBody>;

export const idempotencyKeyHeader = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .optional();

export const eventIdParams = z.object({ id: z.string().regex(EVENT_ID_PATTERN, "must be an event id") });
