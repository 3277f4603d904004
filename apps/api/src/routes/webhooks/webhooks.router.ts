import type { Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { namedTenant } from "../../lib/tenancy.ts";
import { idParams, listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import {
  renderDeliveryRow,
  renderEvent,
  renderWebhookSummary,
  deliveryStats,
  failedDeliveries,
  webhookDeliveries,
} from "../deliveries/deliveries.service.ts";
import {
  deliveryRowOut,
  eventOut,
  failedQuery,
  retryAllBody,
  retryParams,
  statsOut,
  testSendOut,
  testWebhookBody,
  webhookDeliveriesQuery,
  webhookIdParams,
  webhookSummaryOut,
} from "../deliveries/deliveries.schemas.ts";
import { retryAllFailed, retryDelivery } from "./retry.service.ts";
import {
  renderWebhook,
  createWebhook,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  updateWebhook,
} from "./webhooks.service.ts";
import {
  recoverBody,
  recoverOut,
  rotateSecretBody,
  rotateSecretOut,
  testFilterBody,
  testFilterOut,
} from "./webhook-operations.schemas.ts";
import { recoverDeliveries, rotateSecret, sendTestEvent, testFilter } from "./webhook-operations.service.ts";
import {
  createWebhookBody,
  listWebhooksQuery,
  updateWebhookBody,
  webhookOut,
  webhookWithSecretOut,
} from "./webhooks.schemas.ts";

/**
 * Everything under /webhooks: the dead-letter queue and delivery stats
 * (`/deliveries/...`, declared first: `/:id` takes UUIDs only), subscription
 * CRUD, and the operator tools on one webhook (secret rotation, recovery of
 * a failed window, filter and test sends, its deliveries).
 */
export function webhooksRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/webhooks", tag: "Webhooks" });

  route(
    {
      tag: "Deliveries",
      method: "get",
      path: "/deliveries/stats",
      summary: "Delivery counts by status",
      responses: { 200: { description: "counts", schema: statsOut } },
    },
    async ({ req, res }) => {
      res.json(await deliveryStats({ deps, principal: req.principal }));
    },
  );

  route(
    {
      tag: "Deliveries",
      method: "get",
      path: "/deliveries/failed",
      summary: "The dead-letter queue",
      description: "Failed deliveries, newest first, with their webhook and event; filtered as `GET /deliveries` is.",
      query: failedQuery,
      responses: {
        200: {
          description: "a page",
          schema: deliveryRowOut.extend({ webhook: webhookSummaryOut, event: eventOut }).array(),
          headers: listHeaders,
        },
      },
    },
    async ({ req, res, query }) => {
      const rows = await failedDeliveries({ deps, principal: req.principal }, query);
      sendPage(res, rows, query.limit, (d) => ({
        ...renderDeliveryRow(d),
        webhook: renderWebhookSummary(d.webhook),
        event: renderEvent(d.event),
      }));
    },
  );

  route(
    {
      tag: "Deliveries",
      method: "post",
      path: "/deliveries/retry-all",
      summary: "Re-queue every failed delivery, or those matching a filter",
      description:
        "Re-queues the failed deliveries the caller can see whose webhook is enabled, narrowed by the filter fields " +
        "of the dead-letter queue. With `dry_run: true` it answers how many it would re-queue and changes nothing.",
      body: retryAllBody,
      responses: {
        200: {
          description: "how many were (with dry_run: would be) re-queued",
          schema: z.object({ retried: z.number().int(), dry_run: z.boolean() }),
        },
      },
    },
    async ({ req, res, body }) => {
      const { dry_run, ...filter } = body;
      res.json({
        retried: await retryAllFailed({ deps, principal: req.principal }, { filter, dryRun: dry_run }),
        dry_run,
      });
    },
  );

  route(
    {
      tag: "Deliveries",
      method: "post",
      path: "/deliveries/:deliveryId/retry",
      summary: "Re-queue one delivery",
      params: retryParams,
      responses: { 200: { description: "queued", schema: z.object({ success: z.literal(true) }) } },
    },
    async ({ req, res, params }) => {
      await retryDelivery({ deps, principal: req.principal }, params.deliveryId);
      res.json({ success: true });
    },
  );

  route(
    {
      method: "post",
      path: "/",
      summary: "Create a webhook",
      body: createWebhookBody,
      responses: { 201: { description: "created; `secret` is shown only here", schema: webhookWithSecretOut } },
    },
    async ({ req, res, body }) => {
      const { row, secret } = await createWebhook({ deps, principal: req.principal }, body);
      res.status(201).json({ ...renderWebhook(row), secret });
    },
  );

  route(
    {
      method: "get",
      path: "/",
      summary: "List webhooks, newest first",
      description: "Tenant keys see only their tenant's webhooks.",
      query: listWebhooksQuery,
      responses: { 200: { description: "a page", schema: webhookOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      const tenantId = namedTenant(req.principal, query.tenant_id);
      const rows = await listWebhooks(
        { deps, principal: req.principal },
        { tenantId, limit: query.limit, cursor: query.cursor },
      );
      sendPage(res, rows, query.limit, renderWebhook);
    },
  );

  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get a webhook",
      params: idParams,
      responses: { 200: { description: "the webhook", schema: webhookOut } },
    },
    async ({ req, res, params }) => {
      res.json(renderWebhook(await findWebhook({ deps, principal: req.principal }, params.id)));
    },
  );

  route(
    {
      method: "patch",
      path: "/:id",
      summary: "Update a webhook",
      description:
        "Any create field. A new `secret` replaces the current one at once and is echoed in this response only.",
      params: idParams,
      body: updateWebhookBody,
      responses: {
        200: {
          description: "the updated webhook",
          schema: webhookOut.extend({ secret: webhookWithSecretOut.shape.secret.optional() }),
        },
      },
    },
    async ({ req, res, params, body }) => {
      const row = await updateWebhook({ deps, principal: req.principal }, { id: params.id, input: body });
      res.json({ ...renderWebhook(row), ...(body.secret !== undefined ? { secret: body.secret } : {}) });
    },
  );

  route(
    {
      method: "delete",
      path: "/:id",
      summary: "Delete a webhook",
      description: "Its pending deliveries are cancelled.",
      params: idParams,
      responses: { 204: { description: "deleted" } },
    },
    async ({ req, res, params }) => {
      await deleteWebhook({ deps, principal: req.principal }, params.id);
      res.status(204).end();
    },
  );

  route(
    {
      method: "post",
      path: "/:id/rotate-secret",
      summary: "Rotate a webhook's signing secret",
      description:
        "The old secret keeps signing (both signatures are sent) until `previous_secret_expires_at` (24 h by default), then it is dropped. " +
        "On an `ed25519` webhook this rotates the key pair instead: the answer carries the new `public_key` " +
        "(no `secret`; a `secret` in the body is refused), and the old private key keeps signing (two `v1a,` signatures) for the same overlap.",
      params: idParams,
      body: rotateSecretBody,
      responses: {
        200: {
          description: "the webhook and its new secret (shown only here) or, for ed25519, its new public key",
          schema: rotateSecretOut,
        },
      },
    },
    async ({ req, res, params, body }) => {
      const { row, secret, previousExpiresAt } = await rotateSecret(
        { deps, principal: req.principal },
        { id: params.id, secret: body.secret },
      );
      res.json({
        ...renderWebhook(row),
        ...(secret !== undefined ? { secret } : {}),
        previous_secret_expires_at: previousExpiresAt.toISOString(),
      });
    },
  );

  route(
    {
      method: "post",
      path: "/:id/recover",
      summary: "Re-send a webhook's failed deliveries of a time window",
      description: "Re-queues the webhook's failed deliveries created in [since, until) with a fresh retry schedule.",
      params: idParams,
      body: recoverBody,
      responses: { 200: { description: "how many were re-queued", schema: recoverOut } },
    },
    async ({ req, res, params, body }) => {
      const recovered = await recoverDeliveries(
        { deps, principal: req.principal },
        { id: params.id, since: body.since, until: body.until },
      );
      res.json({ recovered });
    },
  );

  route(
    {
      method: "post",
      path: "/:id/filter/test",
      summary: "Test an event against a webhook's payload filter",
      description:
        "Says whether `payload`, published, would pass the webhook's filter (or the unsaved `filter` given), " +
        "evaluated by the same code as fan-out, within one filter's budget. " +
        "The webhook's event patterns and enabled state are not considered; nothing is stored or delivered.",
      params: idParams,
      body: testFilterBody,
      responses: { 200: { description: "whether it matches", schema: testFilterOut } },
    },
    async ({ req, res, params, body }) => {
      res.json(
        await testFilter(
          { deps, principal: req.principal },
          { id: params.id, payload: body.payload, filter: body.filter },
        ),
      );
    },
  );

  route(
    {
      tag: "Deliveries",
      method: "post",
      path: "/:id/test",
      summary: "Send a signed test event now",
      description: "Through the worker's HTTP client; not stored.",
      params: webhookIdParams,
      body: testWebhookBody,
      responses: { 200: { description: "the outcome", schema: testSendOut } },
    },
    async ({ req, res, params, body }) => {
      res.json(await sendTestEvent({ deps, principal: req.principal }, { webhookId: params.id, ...body }));
    },
  );

  route(
    {
      tag: "Deliveries",
      method: "get",
      path: "/:id/deliveries",
      summary: "A webhook's deliveries",
      params: webhookIdParams,
      query: webhookDeliveriesQuery,
      responses: { 200: { description: "a page", schema: deliveryRowOut.array(), headers: listHeaders } },
    },
    async ({ req, res, params, query }) => {
      const rows = await webhookDeliveries({ deps, principal: req.principal }, { webhookId: params.id, ...query });
      sendPage(res, rows, query.limit, renderDeliveryRow);
    },
  );

  return router;
}
