import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { idParams, listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { apiKeyCreatedOut, apiKeyOut, createApiKeyBody, listApiKeysQuery } from "./api-keys.schemas.ts";
import { createApiKey, findApiKey, listApiKeys, renderApiKey, revokeApiKey } from "./api-keys.service.ts";

export function apiKeysRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/api-keys", tag: "API keys", auth: "admin" });

  route(
    {
      method: "post",
      path: "/",
      summary: "Create an API key",
      description:
        "A tenant key with `tenant_id`, an admin key with `admin: true` (neither, or both: 400). " +
        "The `hk_` key is in this response only; Herald keeps its hash.",
      body: createApiKeyBody,
      responses: { 201: { description: "created", schema: apiKeyCreatedOut } },
    },
    async ({ req, res, body }) => {
      const { row, key } = await createApiKey({ deps, principal: req.principal }, body);
      res.status(201).json({ ...renderApiKey(row), key });
    },
  );

  route(
    {
      method: "get",
      path: "/",
      summary: "List API keys, newest first",
      query: listApiKeysQuery,
      responses: { 200: { description: "a page (never the keys)", schema: apiKeyOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      const rows = await listApiKeys(
        { deps, principal: req.principal },
        {
          tenantId: query.tenant_id,
          includeRevoked: query.include_revoked === "true",
          limit: query.limit,
          cursor: query.cursor,
        },
      );
      sendPage(res, rows, query.limit, renderApiKey);
    },
  );

  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get an API key",
      params: idParams,
      responses: { 200: { description: "the key's record (never the key)", schema: apiKeyOut } },
    },
    async ({ req, res, params }) => {
      res.json(renderApiKey(await findApiKey({ deps, principal: req.principal }, params.id)));
    },
  );

  route(
    {
      method: "delete",
      path: "/:id",
      summary: "Revoke an API key",
      description:
        "The last active admin key is not revoked (409) unless HERALD_ADMIN_KEY is set: create another admin key first. " +
        "docs/api-keys.md says how to get back in without one.",
      params: idParams,
      responses: { 204: { description: "revoked; it stops working at once" } },
    },
    async ({ req, res, params }) => {
      await revokeApiKey({ deps, principal: req.principal }, params.id);
      res.status(204).end();
    },
  );

  return router;
}
