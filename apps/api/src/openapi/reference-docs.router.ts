import { createRequire } from "node:module";
import path from "node:path";
import { Router } from "express";

const ASSETS_PATH = "/docs/assets";
/** swagger-ui-dist as npm installed it: Herald serves its prebuilt files itself, never from a CDN. */
const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
/** The only files of the package the page loads; nothing else in that folder is reachable. */
const SWAGGER_UI_FILES = new Set(["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]);
const INITIALIZER = "reference-docs.js";

/**
 * Swagger UI rather than Redoc or Scalar because it runs under this policy
 * with a working try-it: its bundle needs no eval and adds no <style>
 * elements (React sets inline styles through the CSSOM, which CSP allows), so
 * script-src and style-src stay 'self'. Its stylesheet draws its icons as
 * data: SVGs, hence img-src data:. Redoc (styled-components) and Scalar both
 * inject <style> elements at run time, which would need style-src
 * 'unsafe-inline' (and Redoc has no try-it). connect-src 'self': try-it calls
 * this origin only (the document's server is "/").
 */
const REFERENCE_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// Loaded as a file of its own: script-src 'self' refuses inline scripts.
// The key typed into "Authorize" stays in the page's memory (persistAuthorization off).
const initializer = `window.ui = SwaggerUIBundle(${JSON.stringify({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  filter: true,
  displayRequestDuration: true,
  persistAuthorization: false,
  validatorUrl: null,
})});\n`;

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
</head><body>
<noscript><p>This reference needs JavaScript. The document it renders is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="swagger-ui"></div>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/${INITIALIZER}"></script>
</body></html>
`;

/** The API reference at /docs: Swagger UI over /openapi.json, every asset served from this origin. */
export function referenceDocsRouter(): Router {
  const router = Router();
  router.use("/docs", (_req, res, next) => {
    res.set({
      "content-security-policy": REFERENCE_DOCS_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    next();
  });
  router.get("/docs", (_req, res) => {
    res.type("html").send(page);
  });
  router.get(`${ASSETS_PATH}/${INITIALIZER}`, (_req, res) => {
    res.type("js").set("cache-control", "no-cache").send(initializer);
  });
  router.get(`${ASSETS_PATH}/:file`, (req, res, next) => {
    if (!SWAGGER_UI_FILES.has(req.params.file)) return next();
    res.sendFile(req.params.file, { root: SWAGGER_UI_DIR, maxAge: "1h" });
  });
  return router;
}
