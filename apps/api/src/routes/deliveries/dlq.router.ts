import type { Router } from "express";
import { z } from "zod";
import { createWebhookClient } from "@herald/delivery";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { renderDelivery, renderEvent, renderWebhookSummary } from "./deliveries.render.ts";
import { deliveryOut, eventOut, failedQuery, retryParams, statsOut, testSendOut, testWebhookBody, webhookDeliveriesQuery, webhookIdParams, webhookSummaryOut } from "./deliveries.schemas.ts";
import { deliveryStats, failedDeliveries, webhookDeliveries } from "./deliveries.service.ts";
import { retryAllFailed, retryDelivery } from "./retry.service.ts";
import { sendTestEvent } from "./test-webhook.service.ts";

/**
 * Delivery routes that live under /webhooks (the SPEC's paths): stats, the
 * dead-letter queue and its retries, a webhook's deliveries, test sends.
 * Mounted before the webhooks CRUD router; anything else falls through to it.
 */
export function webhookDeliveriesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/webhooks", tag: "Deliveries" });
  const client = createWebhookClient({ allowHttp: deps.config.allowHttp, allowPrivateTargets: deps.config.allowPrivateTargets, timeoutMs: deps.config.deliveryTimeoutMs });

  route({ method: "get", path: "/deliveries/stats", summary: "Delivery counts by status", responses: { 200: { description: "counts", schema: statsOut } } }, async ({ req, res }) => {
    res.json(await deliveryStats({ deps, principal: req.principal }));
  });

  route(
    { method: "get", path: "/deliveries/failed", summary: "The dead-letter queue", description: "Failed deliveries, newest first, with their webhook and event.", query: failedQuery, responses: { 200: { description: "a page", schema: deliveryOut.extend({ webhook: webhookSummaryOut, event: eventOut }).array(), headers: listHeaders } } },
    async ({ req, res, query }) => {
      const rows = await failedDeliveries({ deps, principal: req.principal }, query);
      sendPage(res, rows, query.limit, (d) => ({ ...renderDelivery(d), webhook: renderWebhookSummary(d.webhook), event: renderEvent(d.event) }));
    },
  );

  route({ method: "post", path: "/deliveries/retry-all", summary: "Re-queue every failed delivery", responses: { 200: { description: "how many", schema: z.object({ retried: z.number().int() }) } } }, async ({ req, res }) => {
    res.json({ retried: await retryAllFailed({ deps, principal: req.principal, log: req.log }) });
  });

  route(
    { method: "post", path: "/deliveries/:deliveryId/retry", summary: "Re-queue one delivery", params: retryParams, responses: { 200: { description: "queued", schema: z.object({ success: z.literal(true) }) } } },
    async ({ req, res, params }) => {
      await retryDelivery({ deps, principal: req.principal, log: req.log }, params.deliveryId);
      res.json({ success: true });
    },
  );

  route(
    { method: "post", path: "/:id/test", summary: "Send a signed test event now", description: "Through the worker's HTTP client; not stored.", params: webhookIdParams, body: testWebhookBody, responses: { 200: { description: "the outcome", schema: testSendOut } } },
    async ({ req, res, params, body }) => {
      res.json(await sendTestEvent({ deps, principal: req.principal, client }, { webhookId: params.id, ...body }));
    },
  );

  route(
    { method: "get", path: "/:id/deliveries", summary: "A webhook's deliveries", params: webhookIdParams, query: webhookDeliveriesQuery, responses: { 200: { description: "a page", schema: deliveryOut.array(), headers: listHeaders } } },
    async ({ req, res, params, query }) => {
      const rows = await webhookDeliveries({ deps, principal: req.principal }, { webhookId: params.id, ...query });
      sendPage(res, rows, query.limit, renderDelivery);
    },
  );

  return router;
}
