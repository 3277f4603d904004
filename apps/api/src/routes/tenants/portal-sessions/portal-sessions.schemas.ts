import { z } from "zod";
import { cursorParam, limitParam } from "../../../lib/pagination.ts";
import { timestamp } from "../../../openapi/common-schemas.ts";
import { portalBrandingField, portalBrandingOut } from "./portal-branding.ts";

export const DEFAULT_PORTAL_TTL_SECONDS = 3600;

export const tenantIdParams = z.strictObject({ id: z.uuid({ message: "must be a UUID" }).describe("the tenant") });
export const portalSessionParams = tenantIdParams.extend({ session_id: z.uuid({ message: "must be a UUID" }) });

export const createPortalSessionBody = z.strictObject({
  ttl_seconds: z
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(60, "must be between 60 and 86400")
    .max(86_400, "must be between 60 and 86400")
    .optional()
    .describe(`how long the link works (default ${DEFAULT_PORTAL_TTL_SECONDS})`),
  branding: portalBrandingField.optional(),
});

export const listPortalSessionsQuery = z.strictObject({ limit: limitParam(100, 50), cursor: cursorParam });

export const portalSessionOut = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  created_at: timestamp,
  expires_at: timestamp,
  revoked_at: timestamp.nullable(),
  created_by: z.string().describe("actor id of who minted it"),
  branding: portalBrandingOut.nullable().describe("how the portal looks for this link; null = Herald's own look"),
});
export type PortalSessionOut = z.infer<typeof portalSessionOut>;

export const portalSessionCreatedOut = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  url: z
    .url()
    .describe(
      "the console scoped to the tenant; the token is in the fragment, so it never reaches a server log. Shown once.",
    ),
  expires_at: timestamp,
  created_at: timestamp,
  branding: portalBrandingOut.nullable(),
});
