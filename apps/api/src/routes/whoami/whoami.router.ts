import type { Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../../deps.ts";
import { timestamp } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";

const whoamiOut = z.object({
  role: z.enum(["admin", "tenant", "portal"]),
  tenant_id: z.uuid().nullable(),
  expires_at: timestamp.optional().describe("portal sessions only: when the link stops working"),
});

/** Who the credential is, so a client (the console) knows what to show. */
export function whoamiRouter(_deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/whoami", tag: "Authentication" });
  route(
    {
      method: "get",
      path: "/",
      summary: "The caller's role and tenant",
      responses: { 200: { description: "the principal", schema: whoamiOut } },
    },
    ({ req, res }) => {
      const { principal } = req;
      res.json({
        role: principal.role,
        tenant_id: principal.tenantId,
        ...(principal.role === "portal" ? { expires_at: principal.expiresAt.toISOString() } : {}),
      });
    },
  );
  return router;
}
