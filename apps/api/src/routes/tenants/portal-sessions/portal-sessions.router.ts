import type { Router } from "express";
import type { AppDeps } from "../../../deps.ts";
import { sendPage } from "../../../lib/pagination.ts";
import { listHeaders } from "../../../openapi/common-schemas.ts";
import { documentedRouter } from "../../../openapi/documented-router.ts";
import {
  createPortalSessionBody,
  listPortalSessionsQuery,
  portalSessionCreatedOut,
  portalSessionOut,
  portalSessionParams,
  tenantIdParams,
} from "./portal-sessions.schemas.ts";
import {
  createPortalSession,
  listPortalSessions,
  renderPortalSession,
  revokePortalSession,
} from "./portal-sessions.service.ts";
import { mintPortalToken } from "./portal-token.ts";
import { portalOrigin, portalUrl } from "./portal-url.ts";

/** Tenant portal links (admin): mint, list, revoke. Mounted at /tenants. */
export function portalSessionsRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/tenants", tag: "Portal sessions", auth: "admin" });

  route(
    {
      method: "post",
      path: "/:id/portal-sessions",
      summary: "Mint a tenant portal link",
      description:
        "A signed link to the console scoped to this tenant (its webhooks, deliveries and event types; no keys, tenants or maintenance). " +
        "Works until it expires, the session is revoked or the tenant is deleted.",
      params: tenantIdParams,
      body: createPortalSessionBody,
      responses: {
        201: { description: "the link, shown once", schema: portalSessionCreatedOut },
        503: {
          description: "`not_configured`: NODE_ENV=production and HERALD_PUBLIC_URL is not set; no session is made",
        },
      },
    },
    async ({ req, res, params, body }) => {
      // Before the session exists: a link that cannot be minted leaves no session behind.
      const origin = portalOrigin({
        req,
        publicUrl: deps.config.publicUrl,
        requirePublicUrl: deps.config.requirePublicUrl,
      });
      const row = await createPortalSession(
        { deps, principal: req.principal },
        { tenantId: params.id, ttlSeconds: body.ttl_seconds, branding: body.branding },
      );
      const token = mintPortalToken(
        { sessionId: row.id, tenantId: row.tenantId, expiresAt: row.expiresAt },
        deps.config.encryptionKey,
      );
      const { id, tenant_id, expires_at, created_at, branding } = renderPortalSession(row);
      res.status(201).json({
        id,
        tenant_id,
        url: portalUrl(origin, { sessionId: row.id, token }),
        expires_at,
        created_at,
        branding,
      });
    },
  );

  route(
    {
      method: "get",
      path: "/:id/portal-sessions",
      summary: "List a tenant's portal sessions, newest first",
      description: "Active, expired and revoked; never the links.",
      params: tenantIdParams,
      query: listPortalSessionsQuery,
      responses: { 200: { description: "a page", schema: portalSessionOut.array(), headers: listHeaders } },
    },
    async ({ req, res, params, query }) => {
      sendPage(
        res,
        await listPortalSessions({ deps, principal: req.principal }, { tenantId: params.id, ...query }),
        query.limit,
        renderPortalSession,
      );
    },
  );

  route(
    {
      method: "delete",
      path: "/:id/portal-sessions/:session_id",
      summary: "Revoke a portal session",
      params: portalSessionParams,
      responses: { 204: { description: "revoked; its link is refused from the next request on" } },
    },
    async ({ req, res, params }) => {
      await revokePortalSession(
        { deps, principal: req.principal },
        { tenantId: params.id, sessionId: params.session_id },
      );
      res.status(204).end();
    },
  );

  return router;
}
