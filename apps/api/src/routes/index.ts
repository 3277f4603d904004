import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { authenticate } from "../middleware/authenticate.ts";

/** Everything under /api/v1, behind authentication. Each resource mounts here. */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(authenticate({ db: deps.db, adminKey: deps.config.adminKey }));
  // Resource routers are added here, e.g. router.use("/webhooks", webhooksRouter(deps)).
  return router;
}
