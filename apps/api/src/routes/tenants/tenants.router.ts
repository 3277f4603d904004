import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { idParams, listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { createTenantBody, listTenantsQuery, tenantOut, updateTenantBody } from "./tenants.schemas.ts";
import { createTenant, deleteTenant, findTenant, listTenants, renderTenant, updateTenant } from "./tenants.service.ts";

/** Tenants: admin only. Their consent (consent.router.ts) and portal sessions (portal-sessions/) are routers of their own under /tenants. */
export function tenantsRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/tenants", tag: "Tenants", auth: "admin" });

  route(
    {
      method: "post",
      path: "/",
      summary: "Create a tenant",
      body: createTenantBody,
      responses: { 201: { description: "created", schema: tenantOut } },
    },
    async ({ req, res, body }) => {
      res.status(201).json(renderTenant(await createTenant({ deps, principal: req.principal }, body)));
    },
  );

  route(
    {
      method: "get",
      path: "/",
      summary: "List tenants, newest first",
      query: listTenantsQuery,
      responses: { 200: { description: "a page", schema: tenantOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      sendPage(res, await listTenants({ deps, principal: req.principal }, query), query.limit, renderTenant);
    },
  );

  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get a tenant",
      params: idParams,
      responses: { 200: { description: "the tenant", schema: tenantOut } },
    },
    async ({ req, res, params }) => {
      res.json(renderTenant(await findTenant({ deps, principal: req.principal }, params.id)));
    },
  );

  route(
    {
      method: "patch",
      path: "/:id",
      summary: "Update a tenant",
      params: idParams,
      body: updateTenantBody,
      responses: { 200: { description: "the updated tenant", schema: tenantOut } },
    },
    async ({ req, res, params, body }) => {
      res.json(renderTenant(await updateTenant({ deps, principal: req.principal }, { id: params.id, input: body })));
    },
  );

  route(
    {
      method: "delete",
      path: "/:id",
      summary: "Delete a tenant",
      description: "Revokes its API keys and deletes its webhooks (pending deliveries cancelled).",
      params: idParams,
      responses: { 204: { description: "deleted" } },
    },
    async ({ req, res, params }) => {
      await deleteTenant({ deps, principal: req.principal }, params.id);
      res.status(204).end();
    },
  );

  return router;
}
