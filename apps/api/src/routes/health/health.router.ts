import { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { checkReadiness } from "./health.service.ts";

export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const checks = await checkReadiness(deps);
    const ready = Object.values(checks).every((c) => c === "ok");
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks });
  });
  return router;
}
