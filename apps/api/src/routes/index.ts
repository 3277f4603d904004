import { Router } from "express";
import type { AppDeps } from "../deps.ts";
import { authenticate } from "../middleware/authenticate.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { tenantShare } from "../middleware/tenant-share.ts";
import { apiKeysRouter } from "./api-keys/api-keys.router.ts";
import { auditLogsRouter } from "./audit-logs/audit-logs.router.ts";
import { consentRouter } from "./tenants/consent.router.ts";
import { eventTypesRouter } from "./event-types/event-types.router.ts";
import { maintenanceRouter } from "./maintenance/maintenance.router.ts";
import { tenantsRouter } from "./tenants/tenants.router.ts";
import { webhooksRouter } from "./webhooks/webhooks.router.ts";
import { deliveriesRouter } from "./deliveries/deliveries.router.ts";
import { eventsRouter } from "./events/events.router.ts";
import { portalSessionsRouter } from "./tenants/portal-sessions/portal-sessions.router.ts";
import { whoamiRouter } from "./whoami/whoami.router.ts";
import { webhookHealthRouter } from "./webhooks/webhook-health.router.ts";
import { deliverySeriesRouter } from "./stats/delivery-series.router.ts";

/**
 * Everything under /api/v1, behind authentication. Each resource mounts here.
 * A body is read only after the caller is known and within its tenant's
 * share (tenant-share.ts), so neither an unknown caller nor one tenant's
 * large bodies cost the API work that others wait behind.
 */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(
    authenticate({
      db: deps.db,
      apiKeys: deps.apiKeys,
      adminKey: deps.config.adminKey,
      encryptionKey: deps.config.encryptionKey,
    }),
  );
  router.use(
    tenantShare({ maxBytes: deps.config.tenantBytesInFlight, bytesPerSecond: deps.config.tenantBytesPerSecond }),
  );
  router.use(jsonBody(deps.config.bodyLimit));
  // Each router serves the paths its documentedRouter base names. In matching order: events first (a publish
  // then walks no other router), /webhooks/health before the webhooks router, whose /:id accepts UUIDs only.
  const resources = [
    eventsRouter,
    deliveriesRouter,
    webhookHealthRouter,
    webhooksRouter,
    apiKeysRouter,
    consentRouter,
    portalSessionsRouter,
    tenantsRouter,
    eventTypesRouter,
    auditLogsRouter,
    maintenanceRouter,
    whoamiRouter,
    deliverySeriesRouter,
  ];
  for (const resource of resources) router.use(resource(deps));
  return router;
}
