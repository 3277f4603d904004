import type { DeliveryAttemptModel as DeliveryAttempt, DeliveryModel as Delivery, EventModel as Event, WebhookModel as Webhook } from "@herald/db";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function renderDelivery(d: Delivery) {
  return {
    id: d.id,
    event_id: d.eventId,
    webhook_id: d.webhookId,
    tenant_id: d.tenantId,
    status: d.status,
    attempt_count: d.attemptCount,
    next_attempt_at: iso(d.nextAttemptAt),
    last_attempt_at: iso(d.lastAttemptAt),
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    completed_at: iso(d.completedAt),
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

export function renderAttempt(a: DeliveryAttempt) {
  return {
    id: a.id,
    attempt_number: a.attemptNumber,
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    error: a.error,
    response_body: a.responseBody,
    response_headers: a.responseHeaders,
    created_at: a.createdAt.toISOString(),
  };
}

export function renderEvent(e: Event) {
  return { id: e.id, type: e.type, tenant_id: e.tenantId, data: e.data, created_at: e.createdAt.toISOString() };
}

type WebhookSummary = Pick<Webhook, "id" | "url" | "description" | "tenantId" | "enabled" | "deletedAt">;

export function renderWebhookSummary(w: WebhookSummary) {
  return { id: w.id, url: w.url, description: w.description, tenant_id: w.tenantId, enabled: w.enabled, deleted: w.deletedAt !== null };
}

export const webhookSummarySelect = { id: true, url: true, description: true, tenantId: true, enabled: true, deletedAt: true } as const;
