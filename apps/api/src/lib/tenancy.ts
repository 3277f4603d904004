import type { Db, Prisma } from "@herald/db";
import type { Principal } from "../middleware/authenticate.ts";
import { AppError } from "./app-error.ts";

type Tx = Db | Prisma.TransactionClient;

// What a caller may see, one Prisma `where` fragment per resource: an admin
// key sees everything, a tenant key its own tenant's rows. Every finder and
// list of the API starts from these.

/** Live webhooks the caller manages: a tenant its own, an admin every one (global included). */
export function webhookScope(principal: Principal): Prisma.WebhookWhereInput {
  if (principal.role === "admin") return { deletedAt: null };
  return { tenantId: principal.tenantId, deletedAt: null };
}

/**
 * A tenant key sees its own tenant's deliveries to its own webhooks;
 * deliveries of its events to global webhooks belong to the operator (their
 * URLs are not the tenant's to read).
 */
export function deliveryScope(principal: Principal): Prisma.DeliveryWhereInput {
  if (principal.role === "admin") return {};
  return { tenantId: principal.tenantId, webhook: { tenantId: principal.tenantId } };
}

export function eventScope(principal: Principal): Prisma.EventWhereInput {
  return principal.role === "admin" ? {} : { tenantId: principal.tenantId };
}

export function auditLogScope(principal: Principal): Prisma.AuditLogWhereInput {
  return principal.role === "admin" ? {} : { tenantId: principal.tenantId };
}

/** Live tenants; a tenant key sees only its own. */
export function tenantScope(principal: Principal): Prisma.TenantWhereInput {
  return principal.role === "admin" ? { deletedAt: null } : { id: principal.tenantId, deletedAt: null };
}

/**
 * The tenant a request acts for, from the tenant_id it names (a body's or a
 * list filter's). An admin key names any (or none: global); a tenant key
 * always acts for its own tenant, and naming another one (or global) is
 * answered like any resource it cannot see: 404.
 */
export function namedTenant<T extends string | null | undefined>(principal: Principal, requested: T): T | string {
  if (principal.role === "admin") return requested;
  if (requested !== undefined && requested !== principal.tenantId) throw AppError.notFound("tenant");
  return principal.tenantId;
}

/**
 * A named tenant that does not exist: 422, as for any well-formed request
 * whose reference cannot be resolved (a 400 is for malformed input).
 */
export function noSuchTenant(): AppError {
  return new AppError("unprocessable_entity", "tenant_id: no such tenant", [
    { field: "tenant_id", message: "tenant_id: no such tenant" },
  ]);
}

export async function assertTenantExists(tx: Tx, tenantId: string): Promise<void> {
  const tenant = await tx.tenant.findFirst({ where: { id: tenantId, deletedAt: null }, select: { id: true } });
  if (!tenant) throw noSuchTenant();
}

/**
 * Serialises writes that check a per-tenant count (the webhook limit) for
 * the rest of the transaction, so two concurrent creates cannot both pass.
 */
export async function lockTenant(tx: Prisma.TransactionClient, tenantId: string | null): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tenant:${tenantId ?? "global"}`}))`;
}
