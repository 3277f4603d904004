import type { Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../../deps.ts";
import { portalLinkRefused } from "../../middleware/authenticate.ts";
import { timestamp } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { portalBrandingOut, storedBranding } from "../tenants/portal-sessions/portal-branding.ts";

const whoamiOut = z.object({
  role: z.enum(["admin", "tenant", "portal"]),
  tenant_id: z.uuid().nullable(),
  expires_at: timestamp.optional().describe("portal sessions only: when the link stops working"),
  tenant_name: z.string().optional().describe("portal sessions only: the tenant's name, for the portal to show"),
  branding: portalBrandingOut
    .nullable()
    .optional()
    .describe("portal sessions only: the look chosen when the link was minted; null = Herald's own"),
});

/** Who the credential is, so a client (the console) knows what to show. */
export function whoamiRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/whoami", tag: "Authentication" });
  route(
    {
      method: "get",
      path: "/",
      summary: "The caller's role and tenant",
      responses: { 200: { description: "the principal", schema: whoamiOut } },
    },
    async ({ req, res }) => {
      const { principal } = req;
      if (principal.role !== "portal") {
        res.json({ role: principal.role, tenant_id: principal.tenantId });
        return;
      }
      const session = await deps.db.portalSession.findUnique({
        where: { id: principal.sessionId },
        select: { branding: true, tenant: { select: { name: true } } },
      });
      // Gone since the credential was checked (its tenant deleted a moment ago): as refused as a revoked link.
      if (!session) throw portalLinkRefused();
      res.json({
        role: principal.role,
        tenant_id: principal.tenantId,
        expires_at: principal.expiresAt.toISOString(),
        tenant_name: session.tenant.name,
        branding: storedBranding(session.branding),
      });
    },
  );
  return router;
}
