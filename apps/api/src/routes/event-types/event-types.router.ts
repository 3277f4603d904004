import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { sendPage } from "../../lib/pagination.ts";
import { listHeaders } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import {
  createEventTypeBody,
  eventTypeOut,
  listEventTypesQuery,
  nameParams,
  updateEventTypeBody,
} from "./event-types.schemas.ts";
import {
  archiveEventType,
  createEventType,
  findEventType,
  listEventTypes,
  renderEventType,
  updateEventType,
} from "./event-types.service.ts";

/** The event type catalog: every key reads it, admins change it. */
export function eventTypesRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/event-types", tag: "Event types" });

  route(
    {
      method: "post",
      path: "/",
      auth: "admin",
      summary: "Register an event type",
      body: createEventTypeBody,
      responses: { 201: { description: "registered", schema: eventTypeOut } },
    },
    async ({ req, res, body }) => {
      res.status(201).json(renderEventType(await createEventType({ deps, principal: req.principal }, body)));
    },
  );

  route(
    {
      method: "get",
      path: "/",
      summary: "List event types by name (registered ones and Herald's built-in herald.* types)",
      query: listEventTypesQuery,
      responses: { 200: { description: "a page, alphabetical", schema: eventTypeOut.array(), headers: listHeaders } },
    },
    async ({ req, res, query }) => {
      const rows = await listEventTypes(
        { deps, principal: req.principal },
        {
          limit: query.limit,
          cursor: query.cursor,
          includeArchived: query.include_archived === "true",
          builtIn: query.built_in === undefined ? undefined : query.built_in === "true",
        },
      );
      sendPage(res, rows, query.limit, renderEventType, (type: { name: string }) => type.name);
    },
  );

  route(
    {
      method: "get",
      path: "/:name",
      summary: "Get an event type",
      params: nameParams,
      responses: { 200: { description: "the event type", schema: eventTypeOut } },
    },
    async ({ req, res, params }) => {
      res.json(renderEventType(await findEventType({ deps, principal: req.principal }, params.name)));
    },
  );

  route(
    {
      method: "patch",
      path: "/:name",
      auth: "admin",
      summary: "Update an event type",
      params: nameParams,
      body: updateEventTypeBody,
      responses: { 200: { description: "the updated type", schema: eventTypeOut } },
    },
    async ({ req, res, params, body }) => {
      res.json(
        renderEventType(await updateEventType({ deps, principal: req.principal }, { name: params.name, input: body })),
      );
    },
  );

  route(
    {
      method: "delete",
      path: "/:name",
      auth: "admin",
      summary: "Archive an event type",
      params: nameParams,
      responses: { 204: { description: "archived" } },
    },
    async ({ req, res, params }) => {
      await archiveEventType({ deps, principal: req.principal }, params.name);
      res.status(204).end();
    },
  );

  return router;
}
