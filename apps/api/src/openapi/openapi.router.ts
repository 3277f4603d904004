import { Router } from "express";
import { buildOpenApiDocument } from "./document.ts";
import { referenceDocsRouter } from "./reference-docs.router.ts";
import { registerOperation } from "./registry.ts";

/** Public: the API description and its readable page. */
export function openApiRouter(): Router {
  registerOperation({
    method: "get",
    path: "/openapi.json",
    tag: "Meta",
    summary: "This OpenAPI document",
    auth: "public",
    responses: { 200: { description: "OpenAPI 3.1 JSON" } },
  });
  registerOperation({
    method: "get",
    path: "/docs",
    tag: "Meta",
    summary: "Readable API reference (HTML)",
    auth: "public",
    responses: { 200: { description: "HTML page" } },
  });
  registerOperation({
    method: "get",
    path: "/healthz",
    tag: "Meta",
    summary: "Process is up",
    auth: "public",
    responses: { 200: { description: "`{status: ok}`" } },
  });
  registerOperation({
    method: "get",
    path: "/readyz",
    tag: "Meta",
    summary: "Postgres and Redis reachable",
    auth: "public",
    responses: { 200: { description: "ready" }, 503: { description: "a dependency is down" } },
  });
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(buildOpenApiDocument());
  });
  router.use(referenceDocsRouter());
  return router;
}
