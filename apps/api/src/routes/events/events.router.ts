import type { Request, Router } from "express";
import { z } from "zod";
import { buildEnvelope } from "@herald/delivery";
import { envelopeOf } from "@herald/engine";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { renderDelivery, renderEvent } from "../deliveries/deliveries.service.ts";
import { deliveryOut, eventOut } from "../deliveries/deliveries.schemas.ts";
import { sendPage } from "../../lib/pagination.ts";
import { listHeaders } from "../../openapi/common-schemas.ts";
import {
  eventCursor,
  eventIdParams,
  eventLookupQuery,
  idempotencyKeyHeader,
  listEventsQuery,
  publishEventBody,
} from "./events.schemas.ts";
import { findEvent, listEvents, publishEvent } from "./events.service.ts";

function idempotencyKeyOf(req: Request): string | undefined {
  const result = idempotencyKeyHeader.safeParse(req.get("idempotency-key"));
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? "is invalid";
  throw new AppError("validation_error", `invalid header: Idempotency-Key ${message}`, [
    { field: "idempotency-key", message: `idempotency-key: ${message}` },
  ]);
}

const publishOut = z.object({
  id: z.string(),
  deliveries: z.number().int().describe("deliveries created, one per matching enabled webhook"),
});

export function eventsRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/events", tag: "Events" });

  route(
    {
      method: "post",
      path: "/",
      summary: "Publish an event",
      description:
        "Stores the event and one delivery per matching enabled webhook, then enqueues them. " +
        "An `Idempotency-Key` header (or `id`; both per tenant) seen within 24 h with the same body (type, id and data, " +
        "compared as JSON) answers like the first request, with `Idempotent-Replayed: true`; with a different body, " +
        "409 naming the key (or `id`): the new event is not stored.",
      body: publishEventBody,
      responses: { 202: { description: "accepted", schema: publishOut } },
    },
    async ({ req, res, body }) => {
      const idempotencyKey = idempotencyKeyOf(req);
      const { answer, replayed } = await publishEvent({ deps, principal: req.principal }, { body, idempotencyKey });
      if (replayed) res.setHeader("idempotent-replayed", "true");
      res.status(202).json(answer);
    },
  );

  route(
    {
      method: "get",
      path: "/",
      summary: "List events, newest first",
      description: "A tenant key sees its own tenant's events; `type` keeps one event type or pattern (`invoice.*`).",
      query: listEventsQuery,
      responses: { 200: { description: "a page", schema: eventOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      sendPage(res, await listEvents({ deps, principal: req.principal }, query), query.limit, renderEvent, eventCursor);
    },
  );

  route(
    {
      method: "get",
      path: "/:id",
      summary: "Get an event with its deliveries",
      description:
        "By the id its publisher gave (or was given). Ids are unique per tenant: a tenant key finds its own event; " +
        "an admin names `tenant_id` when more than one tenant uses the id.",
      params: eventIdParams,
      query: eventLookupQuery,
      responses: {
        200: {
          description: "the event",
          schema: eventOut.extend({
            envelope: z.string().describe("the body every delivery of the event sends, byte for byte"),
            deliveries: deliveryOut.array(),
          }),
        },
      },
    },
    async ({ req, res, params, query }) => {
      const event = await findEvent({ deps, principal: req.principal }, { id: params.id, query });
      res.json({
        ...renderEvent(event),
        envelope: buildEnvelope(envelopeOf(event)),
        deliveries: event.deliveries.map((d) => renderDelivery({ ...d, event })),
      });
    },
  );

  return router;
}
