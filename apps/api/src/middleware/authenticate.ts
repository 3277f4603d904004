import type { RequestHandler } from "express";
import type { Db } from "@herald/db";
import { safeEqual } from "@herald/signing";
import { AppError } from "../lib/app-error.ts";
import { PORTAL_TOKEN_PREFIX } from "../routes/tenants/portal-sessions/portal-token.ts";
import { resolvePortalPrincipal } from "../routes/tenants/portal-sessions/resolve-portal-principal.ts";
import type { ApiKeyCache } from "./api-key-cache.ts";

/**
 * Who is calling: an admin key, a key scoped to one tenant, or a tenant portal
 * session (an `hps_` link token), which is scoped like its tenant's key and
 * limited to the operations in portal-access.ts.
 */
/** The one answer to a portal link that no longer works, whatever the reason. */
export function portalLinkRefused(): AppError {
  return new AppError("unauthorized", "this portal link is invalid, expired or revoked; ask for a new one");
}

export type Principal =
  | { role: "admin"; actorId: string; tenantId: null }
  | { role: "tenant"; actorId: string; tenantId: string }
  | { role: "portal"; actorId: string; tenantId: string; expiresAt: Date; sessionId: string };

// Exactly one scheme and one credential: anything after the credential (`Bearer <key> junk`) is refused,
// not ignored, so a header is read one way only. Basic's credential must be base64 (token68).
const AUTHORIZATION = /^(bearer +(\S+)|basic +([A-Za-z0-9+/]+=*))$/i;

/** Reads a Bearer key (or Basic auth's password, so a browser can log in). */
export function credentialOf(header: string | undefined): string | null {
  const [, , bearer, basic] = AUTHORIZATION.exec(header ?? "") ?? [];
  if (bearer) return bearer;
  if (!basic) return null;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

// At most one write per key per minute: last_used_at is for spotting stale
// keys, not an access log.
const TOUCH_INTERVAL_MS = 60_000;
// The row may be a cached one, shared by concurrent requests: it is marked
// touched before the write, so they do not all write.
async function touchLastUsed(db: Db, row: { id: string; lastUsedAt: Date | null }): Promise<void> {
  if (row.lastUsedAt && Date.now() - row.lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
  row.lastUsedAt = new Date();
  // A failed touch must not fail the request it belongs to.
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: row.lastUsedAt } }).catch(() => undefined);
}

export interface Credentials {
  db: Db;
  apiKeys: ApiKeyCache;
  adminKey?: string;
  /** Derives the key that signs portal session tokens. */
  encryptionKey: string;
}

export async function resolvePrincipal({
  db,
  apiKeys,
  adminKey,
  encryptionKey,
  key,
}: Credentials & { key: string }): Promise<Principal | null> {
  if (adminKey && safeEqual(key, adminKey)) return { role: "admin", actorId: "admin", tenantId: null };
  if (key.startsWith(PORTAL_TOKEN_PREFIX)) return resolvePortalPrincipal({ db, encryptionKey, token: key });
  if (!key.startsWith("hk_") || key.length > 200) return null;
  const row = await apiKeys.lookup(key);
  if (!row || row.revokedAt) return null;
  await touchLastUsed(db, row);
  if (row.role === "admin") return { role: "admin", actorId: `key:${row.id}`, tenantId: null };
  if (!row.tenantId) return null;
  return { role: "tenant", actorId: `key:${row.id}`, tenantId: row.tenantId };
}

export function authenticate(credentials: Credentials): RequestHandler {
  return async (req, _res, next) => {
    const key = credentialOf(req.headers.authorization);
    if (!key)
      return next(new AppError("unauthorized", "missing or malformed Authorization header; use `Bearer <api key>`"));
    const principal = await resolvePrincipal({ ...credentials, key });
    if (!principal && key.startsWith(PORTAL_TOKEN_PREFIX)) return next(portalLinkRefused());
    if (!principal) return next(new AppError("unauthorized", "invalid or revoked API key"));
    req.principal = principal;
    next();
  };
}
