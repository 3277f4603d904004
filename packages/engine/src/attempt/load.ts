import { sql } from "kysely";
import type { Db } from "@herald/db";
import { toLoadedDelivery, type LoadedDelivery } from "./loaded-delivery.ts";
import { prepared, qb } from "@herald/db";

export type { LoadedDelivery } from "./loaded-delivery.ts";

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
export type LoadedRow = Awaited<ReturnType<typeof load>>[number];

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
