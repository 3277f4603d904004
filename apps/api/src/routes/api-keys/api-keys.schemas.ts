import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { timestamp } from "../../openapi/common-schemas.ts";

// Which kind of key is never guessed from what is missing: a tenant key names
// its tenant, an admin key says `"admin": true` (a blank tenant once minted an admin key).
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
      .describe("scope the key to this tenant (a tenant key); give this or `admin: true`"),
    admin: z
      .boolean({ message: "must be true or false" })
      .optional()
      .describe("`true`: an admin key (every tenant, every operation); give this or `tenant_id`"),
  })
  .superRefine((b, ctx) => {
    if (b.admin === true && b.tenant_id) {
      ctx.addIssue({
        code: "custom",
        path: ["tenant_id"],
        message: "an admin key has no tenant_id (omit one of them)",
      });
      ctx.addIssue({ code: "custom", path: ["admin"], message: "an admin key has no tenant_id (omit one of them)" });
    } else if (b.admin !== true && !b.tenant_id) {
      const message = "give tenant_id for a tenant key, or admin: true for an admin key";
      ctx.addIssue({ code: "custom", path: ["tenant_id"], message });
      ctx.addIssue({ code: "custom", path: ["admin"], message });
    }
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
