import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { deliverySeriesOut, deliverySeriesQuery } from "./delivery-series.schemas.ts";
import { deliverySeries } from "./delivery-series.service.ts";

/** Time-bucketed delivery counts and attempt latency, for charts. */
export function deliverySeriesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/stats", tag: "Stats" });
  route(
    {
      method: "get",
      path: "/deliveries",
      summary: "Deliveries over time",
      description:
        "Per minute or hour: attempts by outcome, their latency (p50, p95, max) and deliveries dead-lettered, counted when they happened. " +
        "A tenant key or portal sees its own webhooks; an admin every one. " +
        "Attempts of deliveries created more than two days before `from` are not counted.",
      query: deliverySeriesQuery,
      responses: { 200: { description: "the series", schema: deliverySeriesOut } },
    },
    async ({ req, res, query }) => {
      res.json(await deliverySeries({ deps, principal: req.principal }, query));
    },
  );
  return router;
}
