import { consoleRouter } from "@herald/console";
import express, { type Express } from "express";
import { BULL_BOARD_PATH, bullBoardRouter } from "./admin/bull-board.router.ts";
import type { AppDeps } from "./deps.ts";
import { requestScope } from "./middleware/contain-request-errors.ts";
import { errorHandler, notFoundHandler } from "./middleware/error-handler.ts";
import { installRequestLogger, requestId } from "./middleware/request-id.ts";
import { traceRequests } from "./middleware/trace-requests.ts";
import { healthRouter } from "./routes/health/health.router.ts";
import { metricsRouter } from "./routes/metrics/metrics.router.ts";
import { API_ROOT } from "./openapi/documented-router.ts";
import { openApiRouter } from "./openapi/openapi.router.ts";
import { apiRouter } from "./routes/index.ts";
import { portalLogoOrigin } from "./routes/tenants/portal-sessions/portal-branding-origin.ts";

/** The whole HTTP API, without listening: server.ts and tests both use it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  installRequestLogger(app, deps.logger);
  app.use(requestScope);
  if (deps.telemetry) app.use(traceRequests(deps.telemetry));
  app.use(requestId(deps.logger));
  // The API first: a publish then walks no other router (their paths never start with /api/v1).
  app.use(API_ROOT, apiRouter(deps));
  app.use(healthRouter(deps));
  app.use(metricsRouter(deps));
  app.use(openApiRouter());
  app.use(BULL_BOARD_PATH, bullBoardRouter(deps));
  app.use(
    "/console",
    consoleRouter({
      portalFrameAncestors: deps.config.portalFrameAncestors,
      portalImageOrigin: (sessionId) => portalLogoOrigin(deps, sessionId),
    }),
  );
  // A browser pointed at Herald's origin lands in the console.
  app.get("/", (_req, res) => res.redirect(302, "/console"));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
