import type { Db, Prisma } from "@herald/db";
import type { Principal } from "../middleware/authenticate.ts";
import { AppError } from "./app-error.ts";

type Tx = Db | Prisma.TransactionClient;

/** Prisma `where` fragment limiting rows to what the caller may see. */
export function tenantScope(principal: Principal): { tenantId?: string } {
  return principal.role === "admin" ? {} : { tenantId: principal.tenantId };
}

/**
 * The tenant a new resource belongs to. A tenant key always writes its own
 * tenant; naming another one is answered like any resource it cannot see.
 */
export function owningTenant(principal: Principal, requested: string | null | undefined): string | null {
  if (principal.role === "admin") return requested ?? null;
  if (requested !== undefined && requested !== principal.tenantId) {
    throw new AppError("not_found", "tenant not found", [{ field: "tenant_id", message: "tenant_id: no such tenant" }]);
  }
  return principal.tenantId;
}

/** A tenant id a list filter may use: another tenant's is a 404 for a tenant key. */
export function listTenantFilter(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.role === "admin") return requested;
  if (requested && requested !== principal.tenantId) throw AppError.notFound("tenant");
  return principal.tenantId;
}

export async function assertTenantExists(tx: Tx, tenantId: string): Promise<void> {
  const tenant = await tx.tenant.findFirst({ where: { id: tenantId, deletedAt: null }, select: { id: true } });
  if (!tenant) throw new AppError("unprocessable_entity", "tenant_id: no such tenant", [{ field: "tenant_id", message: "tenant_id: no such tenant" }]);
}

/**
 * Serialises writes that check a per-tenant count (the webhook limit) for
 * the rest of the transaction, so two concurrent creates cannot both pass.
 */
export async function lockTenant(tx: Prisma.TransactionClient, tenantId: string | null): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tenant:${tenantId ?? "global"}`}))`;
}
