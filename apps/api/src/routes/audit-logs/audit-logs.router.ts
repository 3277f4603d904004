import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { namedTenant } from "../../lib/tenancy.ts";
import { idParams, listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { auditLogOut, listAuditLogsQuery } from "./audit-logs.schemas.ts";
import { findAuditLog, listAuditLogs, renderAuditLog } from "./audit-logs.service.ts";

/** Read-only. Tenant keys see only their tenant's entries. */
export function auditLogsRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/audit-logs", tag: "Audit logs" });

  route(
    {
      method: "get",
      path: "/",
      summary: "List audit entries, newest first",
      query: listAuditLogsQuery,
      responses: { 200: { description: "a page", schema: auditLogOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      const tenantId = namedTenant(req.principal, query.tenant_id);
      const rows = await listAuditLogs(
        { deps, principal: req.principal },
        {
          tenantId,
          action: query.action,
          resourceType: query.resource_type,
          actorId: query.actor_id,
          from: query.from,
          to: query.to,
          limit: query.limit,
          cursor: query.cursor,
        },
      );
      sendPage(res, rows, query.limit, renderAuditLog);
    },
  );

  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get one audit entry",
      params: idParams,
      responses: { 200: { description: "the entry", schema: auditLogOut } },
    },
    async ({ req, res, params }) => {
      res.json(renderAuditLog(await findAuditLog({ deps, principal: req.principal }, params.id)));
    },
  );

  return router;
}
