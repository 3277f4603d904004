import type { Db } from "@herald/db";
import type { Principal } from "../../../middleware/authenticate.ts";
import { portalTokenMatches, sessionIdOf } from "./portal-token.ts";

export type PortalPrincipal = Extract<Principal, { role: "portal" }>;

/** A session grants anything (access, its logo on the page) only while not revoked, unexpired and its tenant exists. */
export function isLiveSession(row: { revokedAt: Date | null; expiresAt: Date; tenant: { deletedAt: Date | null } }) {
  return !row.revokedAt && !row.tenant.deletedAt && row.expiresAt.getTime() > Date.now();
}

/**
 * The principal of an `hps_` token, or null. The session row is read on every
 * request (no cache), so revoking it or deleting its tenant cuts access at
 * the next request.
 */
export async function resolvePortalPrincipal({
  db,
  encryptionKey,
  token,
}: {
  db: Db;
  encryptionKey: string;
  token: string;
}): Promise<PortalPrincipal | null> {
  const sessionId = sessionIdOf(token);
  if (!sessionId) return null;
  const row = await db.portalSession.findUnique({
    where: { id: sessionId },
    include: { tenant: { select: { deletedAt: true } } },
  });
  if (!row) return null;
  const claims = { sessionId: row.id, tenantId: row.tenantId, expiresAt: row.expiresAt };
  if (!portalTokenMatches({ token, claims, encryptionKey })) return null;
  if (!isLiveSession(row)) return null;
  return {
    role: "portal",
    actorId: `portal:${row.id}`,
    tenantId: row.tenantId,
    expiresAt: row.expiresAt,
    sessionId: row.id,
  };
}
