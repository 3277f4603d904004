import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { authenticate } from "../middleware/authenticate.ts";
import { deliveriesRouter } from "./deliveries/deliveries.router.ts";
import { webhookDeliveriesRouter } from "./deliveries/dlq.router.ts";
import { eventsRouter } from "./events/events.router.ts";

/** Everything under /api/v1, behind authentication. Each resource mounts here. */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(authenticate({ db: deps.db, adminKey: deps.config.adminKey }));
  router.use("/events", eventsRouter(deps));
  router.use("/deliveries", deliveriesRouter(deps));
  // Before the webhooks CRUD router: /webhooks/deliveries/* and /webhooks/:id/{test,deliveries}.
  router.use("/webhooks", webhookDeliveriesRouter(deps));
  return router;
}
