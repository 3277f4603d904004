import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { buildEnvelope } from "@herald/delivery";
import { envelopeOf } from "@herald/engine";
import { sendPage } from "../../lib/pagination.ts";
import { listHeaders } from "../../openapi/common-schemas.ts";
import {
  deliveryHold,
  findDelivery,
  listDeliveries,
  renderAttempt,
  renderDelivery,
  renderDeliveryRow,
} from "./deliveries.service.ts";
import { deliveryDetailOut, deliveryIdParams, deliveryRowOut, listDeliveriesQuery } from "./deliveries.schemas.ts";

/** `/deliveries`: the search over every delivery the caller can see, and a delivery with every attempt. */
export function deliveriesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/deliveries", tag: "Deliveries" });
  route(
    {
      method: "get",
      path: "/",
      summary: "Search deliveries, newest first",
      description:
        "Every field narrows the list; a tenant key sees its own tenant's deliveries to its own webhooks. " +
        "`since`/`until` bound `created_at` (and let Postgres read only those days' partitions).",
      query: listDeliveriesQuery,
      responses: { 200: { description: "a page", schema: deliveryRowOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      const rows = await listDeliveries({ deps, principal: req.principal }, query);
      sendPage(res, rows, query.limit, renderDeliveryRow);
    },
  );
  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get a delivery with every attempt",
      params: deliveryIdParams,
      responses: {
        200: { description: "the delivery, why it is held, every attempt as sent", schema: deliveryDetailOut },
      },
    },
    async ({ req, res, params }) => {
      const ctx = { deps, principal: req.principal };
      const delivery = await findDelivery(ctx, params.id);
      const body = buildEnvelope(envelopeOf(delivery.event));
      res.json({
        ...renderDelivery(delivery),
        event_type: delivery.event.type,
        envelope: body,
        held: await deliveryHold(ctx, delivery),
        attempts: delivery.attempts.map((a) => renderAttempt(a, body)),
      });
    },
  );
  return router;
}
