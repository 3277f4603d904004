/**
 * What a tenant portal session may call: its tenant's webhooks, their
 * deliveries, attempts and dead-letter queue, and reading event types and
 * events. Everything else (API keys, tenants, consent, maintenance, audit
 * logs, event-type writes, publishing) is refused with 403. An allow list,
 * checked by documentedRouter for every route, so a route added later is
 * closed to the portal until it is named here.
 */
const PORTAL_OPERATIONS = new Set([
  "get /api/v1/whoami",
  "get /api/v1/webhooks",
  "post /api/v1/webhooks",
  "get /api/v1/webhooks/:id",
  "patch /api/v1/webhooks/:id",
  "delete /api/v1/webhooks/:id",
  "post /api/v1/webhooks/:id/rotate-secret",
  "post /api/v1/webhooks/:id/test",
  "post /api/v1/webhooks/:id/filter/test",
  "post /api/v1/webhooks/:id/recover",
  "get /api/v1/webhooks/:id/deliveries",
  "get /api/v1/webhooks/health",
  "get /api/v1/webhooks/deliveries/stats",
  "get /api/v1/webhooks/deliveries/failed",
  "post /api/v1/webhooks/deliveries/retry-all",
  "post /api/v1/webhooks/deliveries/:deliveryId/retry",
  "get /api/v1/deliveries",
  "get /api/v1/deliveries/:id",
  "get /api/v1/stats/deliveries",
  "get /api/v1/event-types",
  "get /api/v1/event-types/:name",
  "get /api/v1/events",
  "get /api/v1/events/:id",
]);

/** `operation` is `"<method> <full Express path>"`, as the OpenAPI registry keys it. */
export function portalMay(operation: string): boolean {
  return PORTAL_OPERATIONS.has(operation);
}

export function portalOperations(): string[] {
  return [...PORTAL_OPERATIONS];
}
