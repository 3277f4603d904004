import { sql } from "kysely";
import type { Db } from "@herald/db";
import { prepared, qb } from "@herald/db";
import type { Prisma } from "@herald/db";
import type { DeliveryModel, EventModel, WebhookModel } from "@herald/db";

export type LoadedDelivery = DeliveryModel & { event: EventModel; webhook: WebhookModel };

/** The row in the shape of the Prisma models, which the sender and the endpoint policy take. */
function toLoadedDelivery(r: LoadedRow): LoadedDelivery {
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

// Every column of the delivery, its event and its webhook; the event's and
// the webhook's under a prefix (their ids are the delivery's foreign keys).
const loadQuery = ({ ids }: { ids: readonly string[] }) =>
  qb
    .selectFrom("deliveries as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select([
      "d.id",
      "d.event_id",
      "d.webhook_id",
      "d.tenant_id",
      "d.status",
      "d.attempt_count",
      "d.next_attempt_at",
      "d.last_attempt_at",
      "d.last_status_code",
      "d.last_error",
      "d.completed_at",
      "d.created_at",
      "d.updated_at",
      "d.seq",
      "e.client_id as e_client_id",
      "e.tenant_id as e_tenant_id",
      "e.type as e_type",
      "e.data as e_data",
      "e.idempotency_key as e_idempotency_key",
      "e.created_at as e_created_at",
      "w.tenant_id as w_tenant_id",
      "w.url as w_url",
      "w.description as w_description",
      "w.events as w_events",
      "w.secret_encrypted as w_secret_encrypted",
      "w.previous_secret_encrypted as w_previous_secret_encrypted",
      "w.previous_secret_expires_at as w_previous_secret_expires_at",
      "w.enabled as w_enabled",
      "w.disabled_reason as w_disabled_reason",
      "w.disabled_at as w_disabled_at",
      "w.sealed_headers as w_sealed_headers",
      "w.unsealed_headers as w_unsealed_headers",
      "w.rate_limit as w_rate_limit",
      "w.notification_email as w_notification_email",
      "w.filter as w_filter",
      "w.failing_since as w_failing_since",
      "w.created_at as w_created_at",
      "w.updated_at as w_updated_at",
      "w.deleted_at as w_deleted_at",
      "w.max_in_flight as w_max_in_flight",
      "w.ordering as w_ordering",
      "w.fifo_on_failure as w_fifo_on_failure",
      "w.signature_scheme as w_signature_scheme",
      "w.signing_key_encrypted as w_signing_key_encrypted",
      "w.public_key as w_public_key",
      "w.previous_signing_key_encrypted as w_previous_signing_key_encrypted",
      "w.previous_signing_key_expires_at as w_previous_signing_key_expires_at",
    ])
    .where("d.id", "=", sql<string>`any(${ids}::uuid[])`);

const load = prepared({ name: "herald_load_deliveries", params: ["ids"], build: loadQuery });

/** One row of the statement, typed by Kysely from the generated table types. */
type LoadedRow = Awaited<ReturnType<typeof load>>[number];

/**
 * Deliveries with what sending them needs (event, webhook), in the order of
 * `ids` (null where there is none). One statement for any number of ids: the
 * worker's load runs per attempt, so concurrent jobs share it (see createDeliveryStore).
 */
export async function loadDeliveries(db: Db, ids: readonly string[]): Promise<Array<LoadedDelivery | null>> {
  const rows = await load(db, { ids });
  const byId = new Map(rows.map((row) => [row.id, toLoadedDelivery(row)]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}
