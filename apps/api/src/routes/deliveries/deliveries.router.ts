import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { buildEnvelope } from "@herald/delivery";
import { envelopeOf } from "@herald/engine";
import { deliveryHold, findDelivery, renderAttempt, renderDelivery } from "./deliveries.service.ts";
import { deliveryDetailOut, deliveryIdParams } from "./deliveries.schemas.ts";

/** `/deliveries/:id`: a delivery with every attempt. */
export function deliveriesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/deliveries", tag: "Deliveries" });
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
