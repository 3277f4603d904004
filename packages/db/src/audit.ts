import type { Db } from "./client.ts";
import type { Prisma } from "./generated/client.ts";

export interface AuditEntry {
  tenantId: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  changes?: Record<string, unknown> | null;
}

/** Who made a change: `key:<id>`, `admin` (HERALD_ADMIN_KEY) or `system` (Herald's own decisions). */
export interface AuditActor {
  actorId: string;
}

/** The actor of changes Herald makes on its own (first-start admin key, automatic disable). */
export const SYSTEM_ACTOR: AuditActor = { actorId: "system" };

// Field names whose values never reach the audit log, at any depth.
const secretField = /secret|password|token|key_hash|^key$|api_key|private_key|encryption/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, secretField.test(k) ? "[redacted]" : redact(v)]),
    );
  }
  return value;
}

/**
 * Records one change, its secrets redacted. Call it with the transaction that
 * makes the change, so the entry exists exactly when the change does. The
 * only writer of audit_logs.
 */
export async function writeAudit(
  tx: Db | Prisma.TransactionClient,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorId: actor.actorId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      changes: entry.changes ? (redact(entry.changes) as Prisma.InputJsonValue) : undefined,
    },
  });
}
