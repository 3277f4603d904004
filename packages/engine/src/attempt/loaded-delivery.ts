import type { Prisma } from "@herald/db";
import type { DeliveryModel, EventModel, WebhookModel } from "@herald/db";
import type { LoadedRow } from "./load.ts";

export type LoadedDelivery = DeliveryModel & { event: EventModel; webhook: WebhookModel };

/** The row in the shape of the Prisma models, which the sender and the endpoint policy take. */
export function toLoadedDelivery(r: LoadedRow): LoadedDelivery {
  return {
    id: r.id,
    eventId: r.event_id,
    webhookId: r.webhook_id,
    tenantId: r.tenant_id,
    status: r.status,
    attemptCount: r.attempt_count,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    seq: r.seq === null ? null : BigInt(r.seq),
    event: {
      id: r.event_id,
      clientId: r.e_client_id,
      tenantId: r.e_tenant_id,
      type: r.e_type,
      data: r.e_data as Prisma.JsonValue,
      idempotencyKey: r.e_idempotency_key,
      createdAt: r.e_created_at,
    },
    webhook: {
      id: r.webhook_id,
      tenantId: r.w_tenant_id,
      url: r.w_url,
      description: r.w_description,
      events: r.w_events,
      secretEncrypted: r.w_secret_encrypted,
      previousSecretEncrypted: r.w_previous_secret_encrypted,
      previousSecretExpiresAt: r.w_previous_secret_expires_at,
      enabled: r.w_enabled,
      disabledReason: r.w_disabled_reason,
      disabledAt: r.w_disabled_at,
      sealedHeaders: r.w_sealed_headers as Prisma.JsonValue | null,
      unsealedHeaders: r.w_unsealed_headers as Prisma.JsonValue | null,
      rateLimit: r.w_rate_limit,
      notificationEmail: r.w_notification_email,
      filter: r.w_filter as Prisma.JsonValue | null,
      failingSince: r.w_failing_since,
      createdAt: r.w_created_at,
      updatedAt: r.w_updated_at,
      deletedAt: r.w_deleted_at,
      signatureScheme: r.w_signature_scheme,
      signingKeyEncrypted: r.w_signing_key_encrypted,
      publicKey: r.w_public_key,
      previousSigningKeyEncrypted: r.w_previous_signing_key_encrypted,
      previousSigningKeyExpiresAt: r.w_previous_signing_key_expires_at,
      maxInFlight: r.w_max_in_flight,
      ordering: r.w_ordering,
      fifoOnFailure: r.w_fifo_on_failure,
    },
  };
}
