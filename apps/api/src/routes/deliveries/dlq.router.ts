import { Router } from "express";
import { createWebhookClient } from "@herald/delivery";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { parse } from "../../middleware/validate.ts";
import { renderDelivery, renderEvent, renderWebhookSummary } from "./deliveries.render.ts";
import { failedQuery, retryParams, testWebhookBody, webhookDeliveriesQuery, webhookIdParams } from "./deliveries.schemas.ts";
import { deliveryStats, failedDeliveries, webhookDeliveries } from "./deliveries.service.ts";
import { retryAllFailed, retryDelivery } from "./retry.service.ts";
import { sendTestEvent } from "./test-webhook.service.ts";

/**
 * Delivery routes that live under /webhooks (the SPEC's paths): stats, the
 * dead-letter queue and its retries, a webhook's deliveries, test sends.
 * Mounted before the webhooks CRUD router; anything else falls through to it.
 */
export function webhookDeliveriesRouter(deps: AppDeps): Router {
  const router = Router();
  const client = createWebhookClient({ allowHttp: deps.config.allowHttp, allowPrivateTargets: deps.config.allowPrivateTargets, timeoutMs: deps.config.deliveryTimeoutMs });

  router.get("/deliveries/stats", async (req, res) => {
    res.json(await deliveryStats(deps.db, req.principal));
  });

  router.get("/deliveries/failed", async (req, res) => {
    const page = parse(failedQuery, req, "query");
    const rows = await failedDeliveries(deps.db, req.principal, page);
    sendPage(res, rows, page.limit, (d) => ({ ...renderDelivery(d), webhook: renderWebhookSummary(d.webhook), event: renderEvent(d.event) }));
  });

  router.post("/deliveries/retry-all", async (req, res) => {
    const retried = await retryAllFailed({ ...deps, log: req.log }, req.principal);
    res.json({ retried });
  });

  router.post("/deliveries/:deliveryId/retry", async (req, res) => {
    const { deliveryId } = parse(retryParams, req, "params");
    await retryDelivery({ ...deps, log: req.log }, req.principal, deliveryId);
    res.json({ success: true });
  });

  router.post("/:id/test", async (req, res) => {
    const { id } = parse(webhookIdParams, req, "params");
    const body = parse(testWebhookBody, req, "body");
    res.json(await sendTestEvent({ ...deps, client }, req.principal, { webhookId: id, ...body }));
  });

  router.get("/:id/deliveries", async (req, res) => {
    const { id } = parse(webhookIdParams, req, "params");
    const query = parse(webhookDeliveriesQuery, req, "query");
    const rows = await webhookDeliveries(deps.db, req.principal, { webhookId: id, ...query });
    sendPage(res, rows, query.limit, renderDelivery);
  });

  return router;
}
