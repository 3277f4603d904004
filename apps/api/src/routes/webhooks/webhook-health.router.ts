import type { Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { webhookHealthOut, webhookHealthQuery } from "./webhook-health.schemas.ts";
import { webhookHealth } from "./webhook-health.service.ts";

/** Webhooks' state at a glance, many at once (the console's list). Mounted at /webhooks before the CRUD routers. */
export function webhookHealthRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/webhooks", tag: "Stats" });
  route(
    {
      method: "get",
      path: "/health",
      summary: "Health of up to 100 webhooks",
      description:
        "Enabled state, circuit breaker (from Redis; `unknown` when it does not answer), latest delivery, and attempts over the last 24 h, hour by hour. " +
        "An id the caller cannot see is a 404 naming its place in the list.",
      query: webhookHealthQuery,
      responses: {
        200: {
          description: "one entry per id, in the order given",
          schema: z.object({ data: webhookHealthOut.array() }),
        },
      },
    },
    async ({ req, res, query }) => {
      res.json({ data: await webhookHealth({ deps, principal: req.principal }, query.ids) });
    },
  );
  return router;
}
