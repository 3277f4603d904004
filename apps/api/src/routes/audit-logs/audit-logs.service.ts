import type { AuditLogModel as AuditLog, Prisma } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { auditLogScope } from "../../lib/tenancy.ts";
import type { AuditLogOut } from "./audit-logs.schemas.ts";

export function renderAuditLog(row: AuditLog): AuditLogOut {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    actor_id: row.actorId,
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    changes: row.changes ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

export interface AuditFilter {
  tenantId?: string;
  action?: string;
  resourceType?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export async function listAuditLogs({ deps }: Ctx, f: AuditFilter): Promise<AuditLog[]> {
  const page = pageArgs(f);
  const where: Prisma.AuditLogWhereInput = {
    ...page.where,
    ...(f.tenantId ? { tenantId: f.tenantId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.resourceType ? { resourceType: f.resourceType } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  return deps.db.auditLog.findMany({ ...page, where });
}

export async function findAuditLog({ deps, principal }: Ctx, id: string): Promise<AuditLog> {
  const row = await deps.db.auditLog.findFirst({ where: { id, ...auditLogScope(principal) } });
  if (!row) throw AppError.notFound("audit entry");
  return row;
}
