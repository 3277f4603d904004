import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { instantParam, timestamp } from "../../openapi/common-schemas.ts";

const text = (max: number) =>
  z.string({ message: "must be a string" }).min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const listAuditLogsQuery = z
  .strictObject({
    tenant_id: z.uuid({ message: "must be a UUID" }).optional(),
    action: text(100).optional().describe("e.g. `webhook.created`"),
    resource_type: text(100).optional().describe("e.g. `webhook`, `tenant`, `api_key`"),
    actor_id: text(200).optional().describe("`admin` or `key:<api key id>`"),
    from: instantParam.optional().describe("ISO 8601, inclusive"),
    to: instantParam.optional().describe("ISO 8601, exclusive"),
    limit: limitParam(100, 50),
    cursor: cursorParam,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "must be after from", path: ["to"] });

export const auditLogOut = z.object({
  id: z.uuid(),
  tenant_id: z.uuid().nullable(),
  actor_id: z.string(),
  action: z.string(),
  resource_type: z.string(),
  resource_id: z.string().nullable(),
  changes: z.unknown().nullable(),
  created_at: timestamp,
});
export type AuditLogOut = z.infer<typeof auditLogOut>;
