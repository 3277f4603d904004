import type { AppDeps } from "../../../deps.ts";
import { brandingImageOrigin } from "./portal-branding.ts";
import { isLiveSession } from "./resolve-portal-principal.ts";
import { isSessionId } from "./portal-token.ts";

/**
 * The origin the portal page may show a session's logo from, for that page's CSP img-src. The session id comes
 * from the link's query and is not a credential; only a live session's logo is allowed, and the origin is
 * derived from a stored URL re-validated here, so nothing a visitor types reaches the header.
 */
export async function portalLogoOrigin(deps: Pick<AppDeps, "db">, sessionId: string): Promise<string | null> {
  if (!isSessionId(sessionId)) return null;
  const row = await deps.db.portalSession.findUnique({
    where: { id: sessionId },
    select: { branding: true, revokedAt: true, expiresAt: true, tenant: { select: { deletedAt: true } } },
  });
  if (!row || !isLiveSession(row)) return null;
  return brandingImageOrigin(row.branding);
}
