import type { Prisma } from "@herald/db";
import type { Principal } from "../../middleware/authenticate.ts";

/**
 * What a caller may see. A tenant key sees its own tenant's deliveries to its
 * own webhooks; deliveries of its events to global webhooks belong to the
 * operator (their URLs are not the tenant's to read).
 */
export function deliveryScope(principal: Principal): Prisma.DeliveryWhereInput {
  if (principal.role === "admin") return {};
  return { tenantId: principal.tenantId, webhook: { tenantId: principal.tenantId } };
}

/** Live webhooks the caller manages: a tenant its own, an admin every one (global included). */
export function webhookScope(principal: Principal): Prisma.WebhookWhereInput {
  if (principal.role === "admin") return { deletedAt: null };
  return { tenantId: principal.tenantId, deletedAt: null };
}

export function eventScope(principal: Principal): Prisma.EventWhereInput {
  return principal.role === "admin" ? {} : { tenantId: principal.tenantId };
}
