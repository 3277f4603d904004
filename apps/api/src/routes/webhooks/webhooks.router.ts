import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { namedTenant } from "../../lib/tenancy.ts";
import { idParams, listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { renderWebhook } from "./webhook-view.ts";
import { createWebhookBody, listWebhooksQuery, updateWebhookBody, webhookOut, webhookWithSecretOut } from "./webhooks.schemas.ts";
import { createWebhook, deleteWebhook, findWebhook, listWebhooks, updateWebhook } from "./webhooks.service.ts";

/**
 * Subscription CRUD. Delivery routes under /webhooks (test, deliveries, DLQ)
 * live in their own router, mounted before this one.
 */
export function webhooksRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/webhooks", tag: "Webhooks" });

  route(
    { method: "post", path: "/", summary: "Create a webhook", body: createWebhookBody, responses: { 201: { description: "created; `secret` is shown only here", schema: webhookWithSecretOut } } },
    async ({ req, res, body }) => {
      const { row, secret } = await createWebhook({ deps, principal: req.principal }, body);
      res.status(201).json({ ...renderWebhook(row), secret });
    },
  );

  route(
    { method: "get", path: "/", summary: "List webhooks, newest first", description: "Tenant keys see only their tenant's webhooks.", query: listWebhooksQuery, responses: { 200: { description: "a page", schema: webhookOut.array(), headers: listHeaders } } },
    async ({ req, res, query }) => {
      const tenantId = namedTenant(req.principal, query.tenant_id);
      const rows = await listWebhooks({ deps, principal: req.principal }, { tenantId, limit: query.limit, cursor: query.cursor });
      sendPage(res, rows, query.limit, renderWebhook);
    },
  );

  route({ method: "get", path: "/:id", summary: "Get a webhook", params: idParams, responses: { 200: { description: "the webhook", schema: webhookOut } } }, async ({ req, res, params }) => {
    res.json(renderWebhook(await findWebhook({ deps, principal: req.principal }, params.id)));
  });

  route(
    {
      method: "patch",
      path: "/:id",
      summary: "Update a webhook",
      description: "Any create field. A new `secret` replaces the current one at once and is echoed in this response only.",
      params: idParams,
      body: updateWebhookBody,
      responses: { 200: { description: "the updated webhook", schema: webhookOut.extend({ secret: webhookWithSecretOut.shape.secret.optional() }) } },
    },
    async ({ req, res, params, body }) => {
      const row = await updateWebhook({ deps, principal: req.principal }, { id: params.id, input: body });
      res.json({ ...renderWebhook(row), ...(body.secret !== undefined ? { secret: body.secret } : {}) });
    },
  );

  route({ method: "delete", path: "/:id", summary: "Delete a webhook", description: "Its pending deliveries are cancelled.", params: idParams, responses: { 204: { description: "deleted" } } }, async ({ req, res, params }) => {
    await deleteWebhook({ deps, principal: req.principal }, params.id);
    res.status(204).end();
  });

  return router;
}
