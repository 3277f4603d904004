import type { Db, Prisma } from "@herald/db";
import type { Principal } from "../middleware/authenticate.ts";

export interface AuditEntry {
  tenantId: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  changes?: Record<string, unknown> | null;
}

type Tx = Db | Prisma.TransactionClient;

// Field names whose values never reach the audit log, at any depth.
const secretField = /secret|password|token|key_hash|^key$|api_key|private_key|encryption/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretField.test(k) ? "[redacted]" : redact(v)]));
  }
  return value;
}

/**
 * Records one change. Call it with the transaction that makes the change, so
 * the entry exists exactly when the change does.
 */
export async function writeAudit(tx: Tx, principal: Pick<Principal, "actorId">, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorId: principal.actorId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      changes: entry.changes ? (redact(entry.changes) as Prisma.InputJsonValue) : undefined,
    },
  });
}
