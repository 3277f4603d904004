import type { Db } from "./client.ts";
import type { Prisma } from "./generated/client.ts";

/** A webhook as the audit log keeps it: the API's shape less its timestamps, header names only (see auditView). */
const WEBHOOK_FIELDS = [
  "id",
  "tenant_id",
  "url",
  "description",
  "events",
  "enabled",
  "disabled_reason",
  "disabled_at",
  "headers",
  "rate_limit",
  "max_in_flight",
  "ordering",
  "fifo_on_failure",
  "notification_email",
  "signature_scheme",
  "public_key",
  "filter",
] as const;

/**
 * What each audited action may store in its entry's `changes`, by top-level
 * field (a listed field's value is kept whole). Any other field is stored as
 * "[redacted]": the entry still shows that it changed, and a secret passed by
 * mistake, or a field nobody listed yet, never reaches the log.
 */
const AUDITED_FIELDS = {
  "api_key.created": ["name", "role", "key_prefix"],
  "api_key.revoked": ["key_prefix"],
  "consent.granted": ["purpose", "expires_at"],
  "consent.revoked": ["purpose"],
  "data.purged": [
    "cutoff",
    "events_deleted",
    "deliveries_deleted",
    "attempts_deleted",
    "consents_deleted",
    "partitions_dropped",
    "events_kept",
  ],
  "delivery.retried": ["previous_status", "previous_attempt_count"],
  "delivery.retried_all": ["retried", "filter"],
  "encryption_key.rotated": ["webhooks_rotated", "secrets_rotated"],
  "event_type.archived": [],
  "event_type.created": ["description", "has_schema"],
  "event_type.updated": ["fields"],
  "portal_session.created": ["ttl_seconds", "expires_at", "branding"],
  "portal_session.revoked": [],
  "tenant.created": ["name", "notification_email"],
  "tenant.deleted": ["api_keys_revoked", "webhooks_deleted", "deliveries_cancelled"],
  "tenant.updated": ["name", "notification_email", "metadata"],
  "webhook.created": WEBHOOK_FIELDS,
  "webhook.deleted": ["deliveries_cancelled"],
  "webhook.disabled": ["enabled", "disabled_reason"],
  "webhook.recovered": ["since", "until", "recovered"],
  "webhook.secret_rotated": [
    "previous_secret_expires_at",
    "secret_chosen_by_caller",
    "signature_scheme",
    "public_key",
    "previous_key_expires_at",
  ],
  // A new secret is recorded as "secret": "[redacted]", never its value.
  "webhook.updated": WEBHOOK_FIELDS,
} as const satisfies Record<string, readonly string[]>;

export type AuditAction = keyof typeof AUDITED_FIELDS;

export interface AuditEntry<A extends AuditAction = AuditAction> {
  tenantId: string | null;
  action: A;
  resourceType: string;
  resourceId?: string | null;
  changes?: Partial<Record<(typeof AUDITED_FIELDS)[A][number], unknown>> | null;
}

/** Who made a change: `key:<id>`, `admin` (HERALD_ADMIN_KEY) or `system` (Herald's own decisions). */
export interface AuditActor {
  actorId: string;
}

/** The actor of changes Herald makes on its own (first-start admin key, automatic disable). */
export const SYSTEM_ACTOR: AuditActor = { actorId: "system" };

function allowed(action: AuditAction, changes: Record<string, unknown>): Record<string, unknown> {
  const fields: readonly string[] = AUDITED_FIELDS[action];
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, fields.includes(k) ? v : "[redacted]"]));
}

/**
 * Records one change, keeping of `changes` only what its action may store
 * (AUDITED_FIELDS). Call it with the transaction that
 * makes the change, so the entry exists exactly when the change does. The
 * only writer of audit_logs.
 */
export async function writeAudit<A extends AuditAction>(
  tx: Db | Prisma.TransactionClient,
  actor: AuditActor,
  entry: AuditEntry<A>,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorId: actor.actorId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      changes: entry.changes ? (allowed(entry.action, entry.changes) as Prisma.InputJsonValue) : undefined,
    },
  });
}
