import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { timestamp } from "../../openapi/common-schemas.ts";

const metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((m) => JSON.stringify(m).length <= 16_384, "must be at most 16 KiB of JSON")
  .describe("free-form JSON object");

export const createTenantBody = z.strictObject({
  name: z
    .string({ message: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters"),
  notification_email: z
    .email({ message: "must be an email address" })
    .max(320)
    .nullable()
    .optional()
    .describe("where dead-letter notices go"),
  metadata: metadata.nullable().optional(),
});
export type CreateTenantInput = z.infer<typeof createTenantBody>;

export const updateTenantBody = createTenantBody
  .partial()
  .refine((b) => Object.keys(b).length > 0, "give at least one field to change");
export type UpdateTenantInput = z.infer<typeof updateTenantBody>;

export const listTenantsQuery = z.strictObject({ limit: limitParam(100, 50), cursor: cursorParam });

export const tenantOut = z.object({
  id: z.uuid(),
  name: z.string(),
  notification_email: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type TenantOut = z.infer<typeof tenantOut>;
