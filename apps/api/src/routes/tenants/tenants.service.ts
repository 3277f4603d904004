import { Prisma, type TenantModel as Tenant, writeAudit } from "@herald/db";
import { retireWebhooks } from "@herald/engine";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { tenantScope } from "../../lib/tenancy.ts";
import type { CreateTenantInput, TenantOut, UpdateTenantInput } from "./tenants.schemas.ts";

export function renderTenant(row: Tenant): TenantOut {
  return {
    id: row.id,
    name: row.name,
    notification_email: row.notificationEmail,
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const jsonOrNull = (v: Record<string, unknown> | null) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** A live tenant the caller may see: a tenant key only its own. */
export async function findTenant({ deps, principal }: Ctx, id: string): Promise<Tenant> {
  // AND, not a spread: the scope of a tenant key is itself an id condition.
  const row = await deps.db.tenant.findFirst({ where: { AND: [{ id }, tenantScope(principal)] } });
  if (!row) throw AppError.notFound("tenant");
  return row;
}

export async function createTenant({ deps, principal }: Ctx, input: CreateTenantInput): Promise<Tenant> {
  return deps.db.$transaction(async (tx) => {
    const row = await tx.tenant.create({
      data: {
        name: input.name,
        notificationEmail: input.notification_email ?? null,
        ...(input.metadata != null ? { metadata: input.metadata as Prisma.InputJsonValue } : {}),
      },
    });
    await writeAudit(tx, principal, {
      tenantId: row.id,
      action: "tenant.created",
      resourceType: "tenant",
      resourceId: row.id,
      changes: { name: row.name, notification_email: row.notificationEmail },
    });
    return row;
  });
}

export async function updateTenant(
  { deps, principal }: Ctx,
  { id, input }: { id: string; input: UpdateTenantInput },
): Promise<Tenant> {
  const current = await findTenant({ deps, principal }, id);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.tenant.update({
      where: { id: current.id, deletedAt: null },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.notification_email !== undefined ? { notificationEmail: input.notification_email } : {}),
        ...(input.metadata !== undefined ? { metadata: jsonOrNull(input.metadata) } : {}),
      },
    });
    await writeAudit(tx, principal, {
      tenantId: id,
      action: "tenant.updated",
      resourceType: "tenant",
      resourceId: id,
      changes: input,
    });
    return row;
  });
}

/**
 * Soft delete. Its keys are revoked and its webhooks removed (pending
 * deliveries cancelled) in the same transaction, so nothing acts for a
 * tenant that no longer exists.
 */
export async function deleteTenant({ deps, principal }: Ctx, id: string): Promise<void> {
  const current = await findTenant({ deps, principal }, id);
  await deps.db.$transaction(async (tx) => {
    const now = new Date();
    await tx.tenant.update({ where: { id: current.id, deletedAt: null }, data: { deletedAt: now } });
    const keys = await tx.apiKey.updateMany({ where: { tenantId: id, revokedAt: null }, data: { revokedAt: now } });
    const retired = await retireWebhooks(tx, { tenantId: id }, now);
    await writeAudit(tx, principal, {
      tenantId: id,
      action: "tenant.deleted",
      resourceType: "tenant",
      resourceId: id,
      changes: {
        api_keys_revoked: keys.count,
        webhooks_deleted: retired.webhooks,
        deliveries_cancelled: retired.deliveriesCancelled,
      },
    });
  });
  deps.apiKeys.forget();
}

export async function listTenants(
  { deps }: Ctx,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Tenant[]> {
  const page = pageArgs({ limit, cursor });
  return deps.db.tenant.findMany({ ...page, where: { ...page.where, deletedAt: null } });
}
