import { isEventType, isOperationalType } from "@herald/delivery";
import { z } from "zod";
import { schemaProblem } from "../../lib/json-schema.ts";
import { limitParam } from "../../lib/pagination.ts";
import { timestamp } from "../../openapi/common-schemas.ts";

// An exact type: no wildcards here, those belong to webhook filters.
const name = z
  .string({ message: "must be a string" })
  .max(200, "must be at most 200 characters")
  .refine(isEventType, "must be an event type like `invoice.updated` (no wildcards)");

const jsonSchema = z
  .record(z.string(), z.unknown(), { message: "must be a JSON Schema object" })
  .refine((s) => JSON.stringify(s).length <= 65_536, "must be at most 64 KiB of JSON")
  .superRefine((s, ctx) => {
    const problem = schemaProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: `must be a valid JSON Schema (${problem})` });
  })
  .describe("JSON Schema the event's data must satisfy when HERALD_STRICT_EVENT_TYPES=true");

export const nameParams = z.strictObject({ name });

export const createEventTypeBody = z.strictObject({
  name: name.refine((n) => !isOperationalType(n), "herald.* is reserved for Herald's built-in event types"),
  description: z
    .string({ message: "must be a string" })
    .max(1000, "must be at most 1000 characters")
    .nullable()
    .optional(),
  schema: jsonSchema.nullable().optional(),
});
export type CreateEventTypeInput = z.infer<typeof createEventTypeBody>;

export const updateEventTypeBody = createEventTypeBody
  .omit({ name: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "give at least one field to change");
export type UpdateEventTypeInput = z.infer<typeof updateEventTypeBody>;

export const listEventTypesQuery = z.strictObject({
  limit: limitParam(100, 50),
  cursor: name.optional().describe("the last name of the previous page (X-Next-Cursor)"),
  include_archived: z.enum(["true", "false"], { message: "must be true or false" }).optional(),
  built_in: z
    .enum(["true", "false"], { message: "must be true or false" })
    .optional()
    .describe("only Herald's operational event types (true) or only registered ones (false); both when absent"),
});

export const eventTypeOut = z.object({
  name: z.string(),
  description: z.string().nullable(),
  schema: z.record(z.string(), z.unknown()).nullable(),
  archived: z.boolean(),
  built_in: z
    .boolean()
    .describe("one of Herald's operational events (herald.*): listed here, never changed or archived"),
  created_at: timestamp,
  updated_at: timestamp,
});
export type EventTypeOut = z.infer<typeof eventTypeOut>;
