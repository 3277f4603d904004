import type { WebhookModel as Webhook } from "@herald/db";
import type { SignatureScheme, WebhookOut } from "./webhooks.schemas.ts";

export type WebhookRow = Webhook;

/** The API shape of a webhook. Never includes a secret or private key, sealed or not. */
export function renderWebhook(row: WebhookRow): WebhookOut {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt?.toISOString() ?? null,
    headers: (row.headers as Record<string, string> | null) ?? null,
    rate_limit: row.rateLimit,
    max_in_flight: row.maxInFlight,
    ordering: row.ordering,
    fifo_on_failure: row.fifoOnFailure,
    notification_email: row.notificationEmail,
    signature_scheme: row.signatureScheme as SignatureScheme,
    // A key pair kept from an earlier ed25519 period signs nothing under hmac-sha256.
    public_key: row.signatureScheme === "ed25519" ? row.publicKey : null,
    filter: (row.filter as Record<string, unknown> | null) ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * What the audit log keeps of a webhook: the API shape minus timestamps, and
 * header names without values (they often carry a receiver's credentials).
 */
export function auditView(row: WebhookRow): Record<string, unknown> {
  const { created_at: _c, updated_at: _u, headers, ...rest } = renderWebhook(row);
  return { ...rest, headers: headers ? Object.keys(headers).sort() : null };
}
