import { writeAudit, type ConsentModel as Consent } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { findTenant } from "./tenants.service.ts";
import { AppError } from "../../lib/app-error.ts";
import type { ConsentOut, GrantConsentInput } from "./consent.schemas.ts";

export function renderConsent(row: Consent, now = new Date()): ConsentOut {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    purpose: row.purpose,
    granted_by: row.grantedBy,
    granted_at: row.grantedAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    active: !row.expiresAt || row.expiresAt > now,
  };
}

/** Granting again renews the consent (new grant time and expiry). */
export async function grantConsent(
  ctx: Ctx,
  { tenantId, input }: { tenantId: string; input: GrantConsentInput },
): Promise<Consent> {
  await findTenant(ctx, tenantId);
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  return ctx.deps.db.$transaction(async (tx) => {
    const row = await tx.consent.upsert({
      where: { tenantId_purpose: { tenantId, purpose: input.purpose } },
      create: { tenantId, purpose: input.purpose, grantedBy: ctx.principal.actorId, expiresAt },
      update: { grantedBy: ctx.principal.actorId, grantedAt: new Date(), expiresAt },
    });
    await writeAudit(tx, ctx.principal, {
      tenantId,
      action: "consent.granted",
      resourceType: "consent",
      resourceId: row.id,
      changes: { purpose: row.purpose, expires_at: row.expiresAt?.toISOString() ?? null },
    });
    return row;
  });
}

export async function listConsents(ctx: Ctx, tenantId: string): Promise<Consent[]> {
  await findTenant(ctx, tenantId);
  return ctx.deps.db.consent.findMany({ where: { tenantId }, orderBy: { purpose: "asc" } });
}

export async function revokeConsent(
  ctx: Ctx,
  { tenantId, purpose }: { tenantId: string; purpose: string },
): Promise<void> {
  await findTenant(ctx, tenantId);
  await ctx.deps.db.$transaction(async (tx) => {
    const row = await tx.consent.findUnique({ where: { tenantId_purpose: { tenantId, purpose } } });
    if (!row) throw AppError.notFound("consent");
    await tx.consent.delete({ where: { id: row.id } });
    await writeAudit(tx, ctx.principal, {
      tenantId,
      action: "consent.revoked",
      resourceType: "consent",
      resourceId: row.id,
      changes: { purpose },
    });
  });
}
