import { type Request, Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { parse } from "../../middleware/validate.ts";
import { renderDelivery, renderEvent } from "../deliveries/deliveries.render.ts";
import { eventIdParams, idempotencyKeyHeader, publishEventBody } from "./events.schemas.ts";
import { getEvent, publishEvent } from "./events.service.ts";

function idempotencyKeyOf(req: Request): string | undefined {
  const result = idempotencyKeyHeader.safeParse(req.get("idempotency-key"));
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? "is invalid";
  throw new AppError("validation_error", `invalid header: Idempotency-Key ${message}`, [{ field: "idempotency-key", message: `idempotency-key: ${message}` }]);
}

export function eventsRouter(deps: AppDeps): Router {
  const router = Router();

  router.post("/", async (req, res) => {
    const body = parse(publishEventBody, req, "body");
    const idempotencyKey = idempotencyKeyOf(req);
    const { answer, replayed } = await publishEvent({ ...deps, log: req.log }, req.principal, { body, idempotencyKey });
    if (replayed) res.setHeader("idempotent-replayed", "true");
    res.status(202).json(answer);
  });

  router.get("/:id", async (req, res) => {
    const { id } = parse(eventIdParams, req, "params");
    const event = await getEvent(deps, req.principal, id);
    res.json({ ...renderEvent(event), deliveries: event.deliveries.map(renderDelivery) });
  });

  return router;
}
