import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { idParams } from "../../openapi/common-schemas.ts";
import { consentOut, grantConsentBody, purposeParams } from "./consent.schemas.ts";
import { grantConsent, listConsents, renderConsent, revokeConsent } from "./consent.service.ts";

/** Mounted at /tenants; admins and the tenant's own keys may use it. */
export function consentRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/tenants", tag: "Consent" });

  route(
    {
      method: "post",
      path: "/:id/consent",
      summary: "Grant (or renew) consent",
      params: idParams,
      body: grantConsentBody,
      responses: { 201: { description: "the consent record", schema: consentOut } },
    },
    async ({ req, res, params, body }) => {
      const row = await grantConsent({ deps, principal: req.principal }, { tenantId: params.id, input: body });
      res.status(201).json(renderConsent(row));
    },
  );

  route(
    {
      method: "get",
      path: "/:id/consent",
      summary: "List consent records",
      params: idParams,
      responses: { 200: { description: "every record, expired ones with active=false", schema: consentOut.array() } },
    },
    async ({ req, res, params }) => {
      const rows = await listConsents({ deps, principal: req.principal }, params.id);
      const now = new Date();
      res.json(rows.map((row) => renderConsent(row, now)));
    },
  );

  route(
    {
      method: "delete",
      path: "/:id/consent/:purpose",
      summary: "Revoke consent",
      params: purposeParams,
      responses: { 204: { description: "revoked" } },
    },
    async ({ req, res, params }) => {
      await revokeConsent({ deps, principal: req.principal }, { tenantId: params.id, purpose: params.purpose });
      res.status(204).end();
    },
  );

  return router;
}
