import { safeEqual } from "@herald/signing";
import { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { createMetricsRegistry } from "./collect-metrics.ts";

function bearerMatches(header: string | undefined, token: string): boolean {
  return safeEqual(header?.replace(/^Bearer\s+/i, "") ?? "", token);
}

/**
 * `GET /metrics` in Prometheus text format. Open by default, like most
 * exporters (it holds counts, no payloads); with HERALD_METRICS_TOKEN set it
 * needs `Authorization: Bearer <token>`.
 */
export function metricsRouter(deps: AppDeps): Router {
  const router = Router();
  const registry = createMetricsRegistry(deps);
  router.get("/metrics", async (req, res) => {
    const token = deps.config.metricsToken;
    if (token && !bearerMatches(req.headers.authorization, token))
      throw new AppError("unauthorized", "GET /metrics needs the HERALD_METRICS_TOKEN bearer token");
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
