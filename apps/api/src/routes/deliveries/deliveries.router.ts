import { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { parse } from "../../middleware/validate.ts";
import { renderAttempt, renderDelivery } from "./deliveries.render.ts";
import { deliveryIdParams } from "./deliveries.schemas.ts";
import { getDelivery } from "./deliveries.service.ts";

/** `/deliveries/:id`: a delivery with every attempt. */
export function deliveriesRouter(deps: AppDeps): Router {
  const router = Router();
  router.get("/:id", async (req, res) => {
    const { id } = parse(deliveryIdParams, req, "params");
    const delivery = await getDelivery(deps.db, req.principal, id);
    res.json({ ...renderDelivery(delivery), attempts: delivery.attempts.map(renderAttempt) });
  });
  return router;
}
