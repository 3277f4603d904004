import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { renderAttempt, renderDelivery } from "./deliveries.service.ts";
import { attemptOut, deliveryIdParams, deliveryOut } from "./deliveries.schemas.ts";
import { findDelivery } from "./deliveries.service.ts";

/** `/deliveries/:id`: a delivery with every attempt. */
export function deliveriesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/deliveries", tag: "Deliveries" });
  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get a delivery with every attempt",
      params: deliveryIdParams,
      responses: { 200: { description: "the delivery", schema: deliveryOut.extend({ attempts: attemptOut.array() }) } },
    },
    async ({ req, res, params }) => {
      const delivery = await findDelivery({ deps, principal: req.principal }, params.id);
      res.json({ ...renderDelivery(delivery), attempts: delivery.attempts.map(renderAttempt) });
    },
  );
  return router;
}
