import { type PortalSessionModel as PortalSession, writeAudit } from "@herald/db";
import type { Ctx } from "../../../deps.ts";
import { AppError } from "../../../lib/app-error.ts";
import { pageArgs } from "../../../lib/pagination.ts";
import { findTenant } from "../tenants.service.ts";
import { type PortalBranding, storedBranding } from "./portal-branding.ts";
import { DEFAULT_PORTAL_TTL_SECONDS, type PortalSessionOut } from "./portal-sessions.schemas.ts";

export function renderPortalSession(row: PortalSession): PortalSessionOut {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_by: row.createdBy,
    branding: storedBranding(row.branding),
  };
}

/** A new session of a live tenant, audited with the change (never the token, which is not stored). */
export async function createPortalSession(
  ctx: Ctx,
  {
    tenantId,
    ttlSeconds = DEFAULT_PORTAL_TTL_SECONDS,
    branding,
  }: { tenantId: string; ttlSeconds?: number; branding?: PortalBranding },
): Promise<PortalSession> {
  const { deps, principal } = ctx;
  await findTenant(ctx, tenantId);
  return deps.db.$transaction(async (tx) => {
    const createdAt = new Date();
    const row = await tx.portalSession.create({
      data: {
        tenantId,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + ttlSeconds * 1000),
        createdBy: principal.actorId,
        ...(branding ? { branding } : {}),
      },
    });
    await writeAudit(tx, principal, {
      tenantId,
      action: "portal_session.created",
      resourceType: "portal_session",
      resourceId: row.id,
      changes: { ttl_seconds: ttlSeconds, expires_at: row.expiresAt.toISOString(), ...(branding ? { branding } : {}) },
    });
    return row;
  });
}

/** The tenant's sessions, active and revoked, newest first. */
export async function listPortalSessions(
  ctx: Ctx,
  { tenantId, limit, cursor }: { tenantId: string; limit: number; cursor?: string },
): Promise<PortalSession[]> {
  await findTenant(ctx, tenantId);
  const { deps } = ctx;
  const page = pageArgs({ limit, cursor });
  return deps.db.portalSession.findMany({ ...page, where: { ...page.where, tenantId } });
}

/** Revokes a session: its link is refused from the next request on. Revoking twice keeps the first instant. */
export async function revokePortalSession(
  { deps, principal }: Ctx,
  { tenantId, sessionId }: { tenantId: string; sessionId: string },
): Promise<void> {
  const row = await deps.db.portalSession.findFirst({ where: { id: sessionId, tenantId } });
  if (!row) throw AppError.notFound("portal session");
  if (row.revokedAt) return;
  await deps.db.$transaction(async (tx) => {
    await tx.portalSession.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, principal, {
      tenantId,
      action: "portal_session.revoked",
      resourceType: "portal_session",
      resourceId: row.id,
    });
  });
}
