import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { timestamp } from "../../openapi/common-schemas.ts";

export const createApiKeyBody = z
  .strictObject({
    name: z
      .string({ message: "must be a string" })
      .trim()
      .min(1, "must not be empty")
      .max(200, "must be at most 200 characters"),
    tenant_id: z
      .uuid({ message: "must be a UUID" })
      .nullable()
      .optional()
      .describe("scope the key to this tenant; absent or null: an admin key"),
    role: z
      .enum(["admin", "tenant"], { message: "must be admin or tenant" })
      .optional()
      .describe("defaults to tenant when tenant_id is given, else admin"),
  })
  .refine((b) => b.role !== "tenant" || !!b.tenant_id, { message: "a tenant key needs tenant_id", path: ["tenant_id"] })
  .refine((b) => b.role !== "admin" || !b.tenant_id, {
    message: "an admin key cannot have a tenant_id",
    path: ["tenant_id"],
  });
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;

export const listApiKeysQuery = z.strictObject({
  tenant_id: z.uuid({ message: "must be a UUID" }).optional(),
  include_revoked: z.enum(["true", "false"], { message: "must be true or false" }).optional(),
  limit: limitParam(100, 50),
  cursor: cursorParam,
});

export const apiKeyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(["admin", "tenant"]),
  tenant_id: z.uuid().nullable(),
  key_prefix: z.string().describe("first characters of the key, to tell keys apart"),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export type ApiKeyOut = z.infer<typeof apiKeyOut>;

export const apiKeyCreatedOut = apiKeyOut.extend({
  key: z.string().describe("the key itself: shown only in this response"),
});
